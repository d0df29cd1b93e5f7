package dev.sharedcontext.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * Credentials and token settings. Bound from {@code API_KEY}, {@code JWT_SECRET_KEY},
 * {@code JWT_SECRET_KEYS_PREVIOUS}, {@code JWT_TOKEN_EXPIRY} (seconds) and the policy
 * file location.
 *
 * @param apiKey the connection key; blank means "generate or load from
 * {@link #secretsFile()}"
 * @param jwtSecretKey the HS256 key; blank means "generate or load from
 * {@link #secretsFile()}"
 * @param jwtSecretKeysPrevious keys that still verify (never sign) during a rotation
 * @param tokenExpiry lifetime of issued tokens
 * @param issuer the {@code iss} of issued JWTs, required on verification
 * @param audience the {@code aud} of issued JWTs, required on verification
 * @param secretsFile where generated secrets are kept (mode 0600)
 * @param permissionsFile the agent permission policy (YAML); a missing file means the
 * default policy
 */
@Validated
@ConfigurationProperties("shared-context.auth")
public record AuthProperties(String apiKey, String jwtSecretKey, List<String> jwtSecretKeysPrevious,
		@NotNull @DurationUnit(ChronoUnit.SECONDS) Duration tokenExpiry, @NotBlank String issuer,
		@NotBlank String audience, @NotNull Path secretsFile, @NotNull Path permissionsFile) {

	public AuthProperties {
		jwtSecretKeysPrevious = (jwtSecretKeysPrevious != null)
				? jwtSecretKeysPrevious.stream().filter((k) -> k != null && !k.isBlank()).toList() : List.of();
	}

}
