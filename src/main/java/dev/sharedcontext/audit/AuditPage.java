package dev.sharedcontext.audit;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * One page of audit events, newest first.
 *
 * @param events the page
 * @param nextCursor pass it as {@code cursor} for the next (older) page; {@code null} on
 * the last page
 */
public record AuditPage(List<AuditEvent> events, @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String nextCursor) {

}
