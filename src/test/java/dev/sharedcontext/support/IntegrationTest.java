package dev.sharedcontext.support;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.sharedcontext.audit.AuditDetails;
import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.auth.token.IssuedToken;
import dev.sharedcontext.auth.token.TokenFormat;
import dev.sharedcontext.auth.token.TokenService;

import java.util.List;

/**
 * Base of the end-to-end tests: the real server on a random port over a fresh database of
 * its own (one per test class: the context is discarded after each class), driven over
 * real HTTP with {@link Api}. The database is a SQLite file, or a PostgreSQL database
 * when {@code -Dsct.test.database=postgresql} ({@link TestDatabase}); the build runs
 * these tests on both (tag {@value #DATABASE_TAG}).
 */
@Tag(IntegrationTest.DATABASE_TAG)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class IntegrationTest {

	/**
	 * The tag of the tests that run a server on a database, which the build runs once per
	 * engine. Inherited by every subclass; a test that starts a server through
	 * {@link #register} without extending this class carries it itself.
	 */
	public static final String DATABASE_TAG = "database";

	public static final String API_KEY = "test-api-key-0123456789-abcdefghij";

	public static final String JWT_SECRET = "test-jwt-secret-0123456789-abcdefghijklmnopqrstuvwxyz";

	/**
	 * Headers of a raw MCP POST: the API key, an Accept of both answer formats, then
	 * {@code extra} as name/value pairs.
	 */
	protected static Map<String, String> rawMcpHeaders(String... extra) {
		Map<String, String> headers = new HashMap<>();
		headers.put("X-API-Key", API_KEY);
		headers.put("Accept", "application/json, text/event-stream");
		for (int i = 0; i < extra.length; i += 2) {
			headers.put(extra[i], extra[i + 1]);
		}
		return headers;
	}

	private static final Path TEMP = TestDatabase.temp();

	@LocalServerPort
	protected int port;

	@Autowired
	protected TokenService tokenService;

	protected Api api;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		register(registry, 0);
	}

	/**
	 * The properties of a test server: its own database (of the engine
	 * {@link TestDatabase} picks), fixed keys, no policy file, and the given rate limit
	 * per minute for every limited operation (0 switches them off: tests hammer one agent
	 * and one address far beyond production limits); the failed-authentication throttle
	 * off and every failure audited on its own. For test classes that need other limits
	 * without extending this class.
	 */
	public static void register(DynamicPropertyRegistry registry, int rateLimitPerMinute) {
		String url = TestDatabase.newDatabaseUrl();
		registry.add("shared-context.database.url", () -> url);
		registry.add("shared-context.auth.api-key", () -> API_KEY);
		registry.add("shared-context.auth.jwt-secret-key", () -> JWT_SECRET);
		registry.add("shared-context.auth.secrets-file", () -> TEMP.resolve("secrets.properties").toString());
		registry.add("shared-context.auth.permissions-file", () -> TEMP.resolve("no-policy.yml").toString());
		for (String limit : new String[] { "authentication", "messages", "searches", "memory" }) {
			registry.add("shared-context.rate-limit." + limit + "-per-minute", () -> rateLimitPerMinute);
		}
		// tests send many failing requests from 127.0.0.1 and look for each one's audit
		// row
		registry.add("shared-context.auth-failures.per-minute", () -> 0);
		registry.add("shared-context.auth-failures.audited-per-minute", () -> Integer.MAX_VALUE);
	}

	@BeforeEach
	void connectApi() {
		this.api = new Api("http://127.0.0.1:" + this.port);
	}

	/**
	 * A token issued the way the host command issues one: any permissions, no API key
	 * involved.
	 */
	protected String token(String agentId, String agentType, Permission... permissions) {
		IssuedToken issued = this.tokenService.issueFromHost(agentId, agentType, List.of(permissions), null,
				TokenFormat.SCT, new AuditDetails());
		return issued.token();
	}

}
