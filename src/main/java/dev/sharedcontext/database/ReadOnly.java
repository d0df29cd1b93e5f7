package dev.sharedcontext.database;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Selects the {@link org.springframework.jdbc.core.simple.JdbcClient} over the read-only
 * pool. Use it for queries that run outside a transaction; anything inside a transaction
 * uses the default (writer) client so that it sees the transaction's own writes.
 */
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface ReadOnly {

}
