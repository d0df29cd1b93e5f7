package dev.sharedcontext.database;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an unsuitable database into Spring Boot's start-up report, with how to create a
 * suitable one, instead of a stack trace.
 */
class UnsuitableDatabaseFailureAnalyzer extends AbstractFailureAnalyzer<UnsuitableDatabaseException> {

	static final String ACTION = """
			Create the database with UTF-8 encoding and a UTF-8 character classification, for example:
			  CREATE DATABASE shared_context ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0;
			(or initdb --encoding=UTF8 --locale=C.UTF-8), then point DATABASE_URL at it.""";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnsuitableDatabaseException cause) {
		return new FailureAnalysis(cause.getMessage(), ACTION, cause);
	}

}
