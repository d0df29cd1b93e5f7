package dev.sharedcontext.message;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.convert.DurationUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the live message streams ({@code GET /api/v1/sessions/{id}/events}).
 *
 * @param heartbeat pause between two keep-alive comments; each one also re-checks the
 * viewer's token and the database (posts made through another replica), so it bounds how
 * late such a post or a revocation is noticed
 * @param streamTimeout how long one stream stays open before the client is asked to
 * reconnect (it resumes with {@code Last-Event-ID}, so nothing is lost)
 */
@Validated
@ConfigurationProperties("shared-context.live")
public record MessageStreamProperties(@NotNull @DurationUnit(ChronoUnit.SECONDS) Duration heartbeat,
		@NotNull @DurationUnit(ChronoUnit.SECONDS) Duration streamTimeout) {

	public MessageStreamProperties {
		if (heartbeat != null && (heartbeat.isNegative() || heartbeat.isZero())) {
			throw new IllegalArgumentException("shared-context.live.heartbeat must be positive");
		}
		if (streamTimeout != null && (streamTimeout.isNegative() || streamTimeout.isZero())) {
			throw new IllegalArgumentException("shared-context.live.stream-timeout must be positive");
		}
	}

}
