package dev.sharedcontext.audit;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How long the audit log is kept. Bound from {@code AUDIT_RETENTION_DAYS}.
 *
 * @param retentionDays events older than this many days are deleted once a day; 0 keeps
 * them forever
 */
@Validated
@ConfigurationProperties("shared-context.audit")
public record AuditProperties(@Min(0) @Max(36_500) int retentionDays) {

}
