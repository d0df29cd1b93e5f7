package dev.sharedcontext.auth.token;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteDataSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

import dev.sharedcontext.audit.AuditDetails;
import dev.sharedcontext.auth.AgentPermissionPolicy;
import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.auth.AuthProperties;
import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.auth.Secrets;
import dev.sharedcontext.metrics.meters.ServerMeters;
import dev.sharedcontext.replica.CommitSignals;
import dev.sharedcontext.support.Corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Fuzzes bearer-token parsing: the real {@link TokenService}, {@link JwtTokenProvider}
 * and {@link TokenRepository} over a migrated SQLite file get arbitrary strings (the
 * committed seeds, mutations, any {@code char}) and mutations of real tokens: bit flips
 * and edits, segments swapped, dropped or borrowed from another token, the header
 * re-encoded with another {@code alg}, {@code kid}, {@code zip} or {@code crit}, and
 * claims of every JSON type re-signed with the real key. Every input ends in an
 * {@link InvalidTokenException} and nothing else; a token differing from a real one is
 * never accepted, except a re-signed one (which needs the server's key) that still names
 * the real token's row. jqwik rather than Jazzer: the mutations are structured (segments,
 * headers, claims).
 */
class TokenParsingFuzzTests {

	private static final String KEY = "fuzz-jwt-secret-0123456789-abcdefghijklmnopqrstuvwxyz";

	private static final List<String> SEEDS = Corpus.load(TokenParsingFuzzTests.class, "TokenInputs/seeds.txt");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

	private static Path directory;

	private static TokenService service;

	private static JwtTokenProvider jwt;

	private static IssuedToken realJwt;

	private static IssuedToken otherJwt;

	private static IssuedToken realSct;

	@BeforeContainer
	static void issueRealTokens() throws Exception {
		directory = Files.createTempDirectory("scs-token-fuzz");
		SQLiteDataSource dataSource = new SQLiteDataSource();
		dataSource.setUrl("jdbc:sqlite:" + directory.resolve("tokens.db"));
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/sqlite").load().migrate();
		JdbcClient jdbc = JdbcClient.create(dataSource);
		AuthProperties properties = new AuthProperties("api-key", KEY, List.of(), Duration.ofHours(1),
				"shared-context-server", "shared-context-agents", directory.resolve("secrets"),
				directory.resolve("no-policy.yml"));
		jwt = new JwtTokenProvider(new Secrets("api-key", KEY.getBytes(StandardCharsets.UTF_8), List.of()), properties,
				Clock.systemUTC());
		service = new TokenService(new TokenRepository(jdbc, jdbc), jwt, new AgentPermissionPolicy(properties),
				properties, Clock.systemUTC(), CommitSignals.NONE,
				new ServerMeters(new SimpleMeterRegistry(), Clock.systemUTC()));
		List<Permission> readWrite = List.of(Permission.READ, Permission.WRITE);
		realJwt = service.issueFromHost("victim", "claude", readWrite, null, TokenFormat.JWT, new AuditDetails());
		otherJwt = service.issueFromHost("mallory", "claude", List.of(Permission.READ), null, TokenFormat.JWT,
				new AuditDetails());
		realSct = service.issueFromHost("victim", "claude", readWrite, null, TokenFormat.SCT, new AuditDetails());
	}

	@AfterContainer
	static void deleteDatabase() throws Exception {
		FileSystemUtils.deleteRecursively(directory);
	}

	@Example
	void untouchedTokensAreAccepted() {
		assertThat(service.authenticate(realJwt.token()).agentId()).isEqualTo("victim");
		assertThat(service.authenticate(realSct.token()).agentId()).isEqualTo("victim");
		assertThat(resign(realJwt.token().split("\\.")[0], realJwt.token().split("\\.")[1], KEY))
			.isEqualTo(realJwt.token());
	}

	@Example
	void everySeedIsRefused() {
		assertThat(SEEDS).hasSizeGreaterThan(40);
		for (String seed : SEEDS) {
			assertRefused(seed);
		}
	}

	@Property
	void anyStringIsRefused(@ForAll("strings") String token) {
		assertRefused(token);
	}

	@Property
	void mutatedJwtIsRefused(@ForAll("mutatedJwts") String token) {
		assertRefusedUnlessUntouched(token);
	}

	@Property
	void mutatedProtectedTokenIsRefused(@ForAll("mutatedScts") String token) {
		assertRefusedUnlessUntouched(token);
	}

	@Property
	void resignedClaimsAreRefusedOrNameTheRealRow(@ForAll("resignedJwts") String token) {
		AgentPrincipal principal;
		try {
			principal = service.authenticate(token);
		}
		catch (InvalidTokenException ex) {
			return;
		}
		catch (RuntimeException ex) {
			throw new AssertionError(describe(token) + " threw " + ex, ex);
		}
		// Claims re-signed with the server's own key may name any real row (the generator
		// also draws the other agent's token id): they must then stand for that row's
		// agent with no more than its permissions, never for a mix of claims.
		IssuedToken named = Stream.of(realJwt, otherJwt)
			.filter((issued) -> issued.tokenId().equals(principal.tokenId()))
			.findFirst()
			.orElse(null);
		assertThat(named).as(describe(token) + " names a real row").isNotNull();
		assertThat(principal.agentId()).as(describe(token)).isEqualTo(named.agentId());
		assertThat(named.permissions()).as(describe(token)).containsAll(Permission.values(principal.permissions()));
	}

	@Property
	void tokenFormatAndShapeChecksNeverThrowUnexpectedly(@ForAll("strings") String text) {
		assertThat(ProtectedTokens.looksLikeOne(text)).isEqualTo(text.startsWith("sct_"));
		assertThat(ProtectedTokens.hash(text)).hasSize(64);
		if (ProtectedTokens.wellFormed(text)) {
			assertThat(text).hasSize(47).startsWith("sct_");
		}
		if (text.equals("sct") || text.equals("jwt")) {
			assertThat(TokenFormat.of(text).value()).isEqualTo(text);
		}
		else {
			assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> TokenFormat.of(text));
		}
	}

	@Provide
	Arbitrary<String> strings() {
		return Arbitraries.oneOf(Corpus.seedsAndMutations(SEEDS, 600),
				Arbitraries.strings().withChars("ABCxyz019-_.=+/").ofMinLength(4090).ofMaxLength(4100));
	}

	@Provide
	Arbitrary<String> mutatedJwts() {
		return Arbitraries.randomValue(TokenParsingFuzzTests::mutateJwt);
	}

	@Provide
	Arbitrary<String> mutatedScts() {
		return Arbitraries.randomValue((random) -> (random.nextBoolean()) ? flipBit(random, realSct.token())
				: Corpus.mutate(random, List.of(realSct.token()), 100));
	}

	@Provide
	Arbitrary<String> resignedJwts() {
		return Arbitraries.randomValue(TokenParsingFuzzTests::resignedClaims);
	}

	private static void assertRefused(String token) {
		assertRefusedUnlessUntouched(token);
	}

	/**
	 * Refused, unless a mutation happened to give back one of the real tokens unchanged,
	 * which must then stand for its own agent.
	 */
	private static void assertRefusedUnlessUntouched(String token) {
		AgentPrincipal principal;
		try {
			jwt.verify(token, TokenService.REFRESH_GRACE);
		}
		catch (InvalidTokenException ex) {
			// refused: as it should be for anything but a real JWT
		}
		catch (RuntimeException ex) {
			throw new AssertionError("verify(" + describe(token) + ") threw " + ex, ex);
		}
		try {
			principal = service.authenticate(token);
		}
		catch (InvalidTokenException ex) {
			return;
		}
		catch (RuntimeException ex) {
			throw new AssertionError("authenticate(" + describe(token) + ") threw " + ex, ex);
		}
		IssuedToken untouched = Stream.of(realJwt, otherJwt, realSct)
			.filter((real) -> real.token().equals(token))
			.findFirst()
			.orElseThrow(() -> new AssertionError("accepted as " + principal + ": " + describe(token)));
		assertThat(principal.tokenId()).isEqualTo(untouched.tokenId());
		assertThat(principal.agentId()).isEqualTo(untouched.agentId());
	}

	private static String mutateJwt(Random random) {
		String token = realJwt.token();
		String[] parts = token.split("\\.");
		String[] other = otherJwt.token().split("\\.");
		return switch (random.nextInt(8)) {
			case 0 -> flipBit(random, token);
			case 1 -> Corpus.mutate(random, List.of(token, otherJwt.token()), 5000);
			case 2 -> parts[1] + "." + parts[0] + "." + parts[2];
			case 3 -> switch (random.nextInt(6)) {
				case 0 -> parts[0] + "." + other[1] + "." + parts[2];
				case 1 -> other[0] + "." + parts[1] + "." + other[2];
				case 2 -> parts[0] + "." + parts[1] + "." + other[2];
				case 3 -> parts[0] + "." + parts[1] + ".";
				case 4 -> parts[0] + "." + parts[1];
				default -> token + "." + parts[2];
			};
			case 4 -> otherHeader(random, parts);
			case 5 -> parts[0] + "." + encode(claims(random, parts[1])) + "." + parts[2];
			case 6 -> parts[0] + "=." + parts[1] + "." + parts[2] + ((random.nextBoolean()) ? "=" : "");
			default -> resign(parts[0], encode(claims(random, parts[1])), "an-attackers-key-long-enough-for-hs256-012");
		};
	}

	/** The real claims with one claim replaced by a value of another type or meaning. */
	private static String claims(Random random, String payload) {
		String decoded = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
		var node = (tools.jackson.databind.node.ObjectNode) JSON.readTree(decoded);
		String[] names = { "sub", "jti", "iat", "exp", "iss", "aud", "agent_type", "permissions", "nbf" };
		String[] values = { "null", "1", "-1", "0", "1e400", "9223372036854775808", "1.5", "\"x\"", "\"\"", "true",
				"[]", "{}", "[\"read\",\"admin\"]", "[1,[2]]", "\"victim\"", "\"mallory\"", "\"shared-context-server\"",
				"[\"shared-context-agents\",\"other\"]", "\"" + otherJwt.tokenId() + "\"", "4102444800",
				"253402300800000", "\"2030-01-01\"" };
		int changes = 1 + random.nextInt(3);
		for (int i = 0; i < changes; i++) {
			String name = names[random.nextInt(names.length)];
			if (random.nextInt(5) == 0) {
				node.remove(name);
			}
			else {
				node.set(name, JSON.readTree(values[random.nextInt(values.length)]));
			}
		}
		return node.toString();
	}

	/** The real token's header replaced: another alg, kid, zip or crit. */
	private static String otherHeader(Random random, String[] parts) {
		String[] algs = { "none", "None", "NONE", "", "HS384", "HS512", "RS256", "ES256", "PS256", "hs256", "HS256 ",
				"dir" };
		String alg = algs[random.nextInt(algs.length)];
		StringBuilder header = new StringBuilder("{\"alg\":\"" + alg + "\"");
		switch (random.nextInt(5)) {
			case 0 -> header.append(",\"kid\":\"unknown\"");
			case 1 -> header.append(",\"zip\":\"DEF\"");
			case 2 -> header.append(",\"crit\":[\"exp\"]");
			case 3 -> header.append(",\"kid\":null");
			default -> {
			}
		}
		String encoded = encode(header.append('}').toString());
		return switch (random.nextInt(3)) {
			case 0 -> encoded + "." + parts[1] + ".";
			case 1 -> encoded + "." + parts[1] + "." + parts[2];
			default -> resign(encoded, parts[1], KEY);
		};
	}

	/** The real header with claims of every type, signed with the server's own key. */
	private static String resignedClaims(Random random) {
		String[] parts = realJwt.token().split("\\.");
		return resign(parts[0], encode(claims(random, parts[1])), KEY);
	}

	private static String flipBit(Random random, String token) {
		char[] chars = token.toCharArray();
		int at = random.nextInt(chars.length);
		chars[at] = (char) (chars[at] ^ (1 << random.nextInt(7)));
		return new String(chars);
	}

	private static String encode(String json) {
		return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	private static String resign(String header, String payload, String key) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			byte[] signature = mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
			return header + "." + payload + "." + B64.encodeToString(signature);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String describe(String token) {
		String[] parts = token.split("\\.", -1);
		StringBuilder text = new StringBuilder(token.length() > 300 ? token.substring(0, 300) + "…" : token);
		for (int i = 0; i < Math.min(2, parts.length); i++) {
			try {
				text.append("\n  segment ")
					.append(i)
					.append(": ")
					.append(new String(Base64.getUrlDecoder().decode(parts[i]), StandardCharsets.UTF_8));
			}
			catch (IllegalArgumentException ex) {
				text.append("\n  segment ").append(i).append(" is not base64url");
			}
		}
		return text.toString();
	}

}
