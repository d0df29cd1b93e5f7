package dev.sharedcontext.mcp;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * MCP endpoint settings.
 *
 * @param allowedOrigins browser origins allowed to call {@code /mcp} besides localhost
 * ({@code ALLOWED_ORIGINS}, comma list, e.g. {@code https://agents.example.com}); their
 * hosts are also accepted as {@code Host}
 * @param allowedHosts extra {@code Host} values accepted (e.g. the public name behind a
 * TLS proxy)
 * @param sessionIdleTimeout an MCP session unused this long is forgotten
 * @param streamTimeout how long a GET or listen stream stays open before the client is
 * asked to reconnect
 * @param streamKeepAlive pause between two keep-alive comments on an idle GET or listen
 * stream, below the read timeouts of common proxies (nginx: 60 s) so they do not cut it
 */
@Validated
@ConfigurationProperties("shared-context.mcp")
public record McpProperties(List<String> allowedOrigins, List<String> allowedHosts,
		@NotNull @DurationUnit(ChronoUnit.SECONDS) Duration sessionIdleTimeout,
		@NotNull @DurationUnit(ChronoUnit.SECONDS) Duration streamTimeout,
		@NotNull @DurationUnit(ChronoUnit.SECONDS) Duration streamKeepAlive) {

	public McpProperties {
		allowedOrigins = clean(allowedOrigins);
		allowedHosts = clean(allowedHosts);
		if (streamKeepAlive != null && (streamKeepAlive.isNegative() || streamKeepAlive.isZero())) {
			throw new IllegalArgumentException("shared-context.mcp.stream-keep-alive must be positive");
		}
	}

	private static List<String> clean(List<String> values) {
		return (values != null) ? values.stream().map(String::trim).filter((v) -> !v.isEmpty()).toList() : List.of();
	}

}
