package dev.sharedcontext.audit;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How much of the audit log is kept: by age and by size, so that no amount of traffic
 * makes the table grow without bound. Bound from {@code AUDIT_RETENTION_DAYS} and
 * {@code AUDIT_MAX_ROWS}.
 *
 * @param retentionDays events older than this many days are deleted once a day; 0 keeps
 * them forever
 * @param maxRows when the table holds more rows than this, the oldest are deleted
 * (checked every 10 minutes); 0 means no row budget
 */
@Validated
@ConfigurationProperties("shared-context.audit")
public record AuditProperties(@Min(0) @Max(36_500) int retentionDays, @Min(0) long maxRows) {

}
