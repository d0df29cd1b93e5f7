package dev.sharedcontext;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import dev.sharedcontext.audit.AuditProperties;
import dev.sharedcontext.auth.AuthProperties;
import dev.sharedcontext.auth.SecretsFile;
import dev.sharedcontext.database.DatabaseProperties;
import dev.sharedcontext.host.HostContext;
import dev.sharedcontext.limits.LimitsProperties;
import dev.sharedcontext.mcp.McpProperties;
import dev.sharedcontext.memory.MemoryProperties;
import dev.sharedcontext.ratelimit.RateLimitProperties;
import dev.sharedcontext.security.MetricsTokenProperties;
import dev.sharedcontext.web.ProxyProperties;

/**
 * {@code java -jar server.jar config check}: the configuration the server would start
 * with, bound by the server's own {@code @ConfigurationProperties} records from the same
 * environment, {@code config/application.yml} and {@code --name=value} settings, so what
 * it prints is what the server uses. Secrets are never printed: only whether they are
 * set, their length, and where a generated one is stored. Nothing is written (the secrets
 * file is read, never generated) and the database is not opened.
 * <p>
 * Lines starting {@code WARN} name settings that work but are unsafe: an API key or JWT
 * secret shorter than 32 characters, and a public bind address without
 * {@code TRUSTED_PROXIES}. Exit codes: 0 the configuration loads (warnings or not); 1 it
 * does not (the server would not start either); 2 usage error.
 */
final class ConfigCheckCommand {

	private static final Pattern SECRET_PARAMETER = Pattern
		.compile("(?i)([?&;][^=&;?]*(?:password|passwd|pwd|secret|token|key)[^=&;?]*=)[^&;]*");

	static final String NAME = "config";

	static final int MIN_SECRET_CHARS = 32;

	private static final String USAGE = """
			usage: java -jar shared-context-server.jar config check
			  Prints the effective configuration (secrets masked: only whether they are set, their
			  length and where generated ones are stored) and WARN lines for unsafe settings: API key or
			  JWT secret shorter than 32 characters, a public HTTP_HOST without TRUSTED_PROXIES, a
			  METRICS_TOKEN shorter than 32 characters.
			  Exit code 0: the configuration loads (warnings do not fail); 1: it does not; 2: usage error.""";

	private ConfigCheckCommand() {
	}

	static int run(Class<?> application, String[] args) {
		if (HostContext.asksForHelp(args) || (args.length == 3 && "check".equals(args[1])
				&& ("--help".equals(args[2]) || "-h".equals(args[2])))) {
			System.out.println(USAGE);
			return 0;
		}
		if (args.length != 2 || !"check".equals(args[1])) {
			System.err.println("error: expected 'config check'");
			System.err.println(USAGE);
			return 2;
		}
		PrintStream out = System.out;
		List<String> lines = new ArrayList<>();
		List<String> warnings = new ArrayList<>();
		try (ConfigurableApplicationContext context = HostContext.configuration(application)) {
			describe(context, lines, warnings);
		}
		catch (RuntimeException ex) {
			System.err.println("error: the configuration does not load, the server would not start: " + rootCause(ex));
			return 1;
		}
		lines.forEach(out::println);
		warnings.forEach((warning) -> out.println("WARN " + warning));
		out.println(warnings.isEmpty() ? "OK: no warnings" : "OK with " + warnings.size() + " warning(s)");
		return 0;
	}

	private static void describe(ConfigurableApplicationContext context, List<String> lines, List<String> warnings) {
		Environment environment = context.getEnvironment();
		DatabaseProperties database = HostContext.bind(context, DatabaseProperties.class);
		AuthProperties auth = HostContext.bind(context, AuthProperties.class);
		ProxyProperties proxy = HostContext.bind(context, ProxyProperties.class);
		McpProperties mcp = HostContext.bind(context, McpProperties.class);
		LimitsProperties limits = HostContext.bind(context, LimitsProperties.class);
		RateLimitProperties rateLimits = HostContext.bind(context, RateLimitProperties.class);
		MemoryProperties memory = HostContext.bind(context, MemoryProperties.class);
		AuditProperties audit = HostContext.bind(context, AuditProperties.class);
		boolean prod = Arrays.asList(environment.getActiveProfiles()).contains("prod");
		String host = environment.getProperty("server.address", "127.0.0.1");
		String port = environment.getProperty("server.port", "23456");
		Properties generated = SecretsFile.read(auth.secretsFile());

		line(lines, "profiles", (environment.getActiveProfiles().length > 0)
				? String.join(",", environment.getActiveProfiles()) : "default");
		line(lines, "HTTP_HOST:HTTP_PORT", host + ":" + port + (isLoopback(host) ? " (loopback only)" : " (public)"));
		line(lines, "DATABASE_URL", maskedUrl(database.url()) + " (" + database.location().vendor() + ")");
		line(lines, "DATABASE_USER", orNone(database.location().user()));
		line(lines, "DATABASE_PASSWORD", (database.location().password() != null)
				? "set, " + database.location().password().length() + " characters (value masked)" : "not set");
		line(lines, "DATABASE pool",
				"timeout " + database.timeout().toSeconds() + " s, max connections " + database.maxConnections());
		secret(lines, warnings, "API_KEY", auth.apiKey(), generated, auth.secretsFile(), prod);
		secret(lines, warnings, "JWT_SECRET_KEY", auth.jwtSecretKey(), generated, auth.secretsFile(), prod);
		line(lines, "JWT_SECRET_KEYS_PREVIOUS", auth.jwtSecretKeysPrevious().size() + " key(s) (values masked)");
		for (String previous : auth.jwtSecretKeysPrevious()) {
			if (previous.length() < MIN_SECRET_CHARS) {
				warnings.add("a JWT_SECRET_KEYS_PREVIOUS key is shorter than " + MIN_SECRET_CHARS
						+ " characters (the server refuses one under 32 bytes)");
			}
		}
		String metricsToken = HostContext.bind(context, MetricsTokenProperties.class).token();
		if (metricsToken == null || metricsToken.isBlank()) {
			line(lines, "METRICS_TOKEN", "not set (scraping /actuator/prometheus needs an admin token)");
		}
		else {
			line(lines, "METRICS_TOKEN", "set, " + metricsToken.length() + " characters (value masked)");
			if (metricsToken.length() < MetricsTokenProperties.MIN_LENGTH) {
				warnings.add("METRICS_TOKEN is shorter than " + MetricsTokenProperties.MIN_LENGTH
						+ " characters: the server refuses to start with it");
			}
		}
		line(lines, "JWT_TOKEN_EXPIRY", auth.tokenExpiry().toSeconds() + " s");
		line(lines, "SECRETS_FILE", auth.secretsFile().toAbsolutePath()
				+ (Files.exists(auth.secretsFile()) ? "" : " (does not exist yet)"));
		line(lines, "AGENT_PERMISSIONS_FILE", auth.permissionsFile().toAbsolutePath()
				+ (Files.exists(auth.permissionsFile()) ? "" : " (does not exist: the default policy applies)"));
		line(lines, "TRUSTED_PROXIES", proxy.trusted().isEmpty() ? "none (X-Forwarded-* believed from no one)"
				: String.join(",", proxy.trusted()));
		line(lines, "ALLOWED_HOSTS", listOrNone(mcp.allowedHosts()) + " (besides localhost names)");
		line(lines, "ALLOWED_ORIGINS", listOrNone(mcp.allowedOrigins()) + " (besides localhost origins)");
		line(lines, "waits", limits.waitsPerAgent() + " per agent, " + limits.waitsTotal() + " in all");
		line(lines, "streams", limits.streamsPerAgent() + " per agent, " + limits.streamsTotal() + " in all");
		line(lines, "MCP batch / response / page", limits.batchSize() + " messages / " + limits.responseBytes()
				+ " bytes / " + limits.pageBytes() + " bytes");
		line(lines, "rate limits per minute",
				"auth " + rateLimits.authenticationPerMinute() + ", messages " + rateLimits.messagesPerMinute()
						+ ", searches " + rateLimits.searchesPerMinute() + ", memory " + rateLimits.memoryPerMinute()
						+ " (0: off)");
		line(lines, "memory",
				memory.maxEntriesPerAgent() + " entries per agent, " + memory.maxValueBytes() + " bytes per value");
		line(lines, "audit",
				"retention " + audit.retentionDays() + " days, at most " + audit.maxRows() + " rows (0: no limit)");
		if (!isLoopback(host) && proxy.trusted().isEmpty()) {
			warnings.add("HTTP_HOST " + host + " is not loopback and TRUSTED_PROXIES is empty: behind a proxy every "
					+ "client looks like the proxy to rate limits and the audit log; set TRUSTED_PROXIES to the "
					+ "proxy's address, or bind to 127.0.0.1 (docs/operations.md, \"Behind a TLS proxy\")");
		}
	}

	private static void secret(List<String> lines, List<String> warnings, String name, String configured,
			Properties generated, Path secretsFile, boolean prod) {
		String value;
		if (configured != null && !configured.isBlank()) {
			value = configured;
			line(lines, name, "set, " + value.length() + " characters (value masked)");
		}
		else if (!prod && generated.getProperty(name) != null) {
			value = generated.getProperty(name);
			line(lines, name, "generated, " + value.length() + " characters, stored in " + secretsFile.toAbsolutePath()
					+ " (value masked)");
		}
		else {
			line(lines, name, prod ? "NOT SET: the prod profile refuses to start without it"
					: "not set: generated on first start and stored in " + secretsFile.toAbsolutePath());
			if (prod) {
				warnings.add(name + " is not set; the prod profile refuses to start");
			}
			return;
		}
		if (value.length() < MIN_SECRET_CHARS) {
			warnings.add(name + " is shorter than " + MIN_SECRET_CHARS + " characters (" + value.length()
					+ "); use e.g. openssl rand -base64 32");
		}
	}

	static boolean isLoopback(String host) {
		try {
			return InetAddress.getByName(host).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	/**
	 * A database URL with its secrets replaced by {@code ****}: the value of every
	 * parameter ({@code ?a=b&c=d} or {@code ;a=b;c=d}) whose name holds password, passwd,
	 * pwd, secret, token or key ({@code password}, {@code sslpassword}, {@code sslkey},
	 * {@code access_token}, ...), and the password of a {@code user:password@} part.
	 * Other parameters ({@code sslmode=require}) stay readable.
	 */
	static String maskedUrl(String url) {
		return SECRET_PARAMETER.matcher(url).replaceAll("$1****").replaceAll("(//[^/:@]*:)[^@/]*@", "$1****@");
	}

	private static String listOrNone(List<String> values) {
		return values.isEmpty() ? "none" : String.join(",", values);
	}

	private static String orNone(String value) {
		return (value != null) ? value : "none";
	}

	private static void line(List<String> lines, String name, String value) {
		lines.add(String.format("%-28s %s", name, value));
	}

	private static String rootCause(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause.getMessage();
	}

}
