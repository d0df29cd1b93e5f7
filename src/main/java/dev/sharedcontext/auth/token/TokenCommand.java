package dev.sharedcontext.auth.token;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.context.ConfigurableApplicationContext;

import dev.sharedcontext.audit.AuditDetails;
import dev.sharedcontext.auth.AgentIds;
import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.host.HostContext;

/**
 * {@code java -jar server.jar token create|list|revoke}: token administration on the
 * host, against the same database and secrets as the server. {@code create} prints the
 * token on standard output (details go to standard error); this is how the first admin
 * token is made. {@code list} prints ids and claims, never a token value. {@code revoke}
 * goes through the same {@link TokenService#revoke} as {@code DELETE
 * /api/v1/admin/tokens/{id}}, so the token fails on its next request. All three are
 * audited with {@code cli} as the actor.
 * <p>
 * Exit codes: 0 done, 1 failed (e.g. no such token), 2 usage error.
 */
public final class TokenCommand {

	public static final String NAME = "token";

	/**
	 * Who the host is in the audit log and to the services' permission checks: whoever
	 * can run the jar against the server's database and secrets already holds them all.
	 */
	private static final AgentPrincipal HOST = new AgentPrincipal("cli", "admin", Set.of(Permission.ADMIN), null);

	private static final String USAGE = """
			usage: java -jar shared-context-server.jar token create --agent-id ID --permissions LIST
			         [--agent-type TYPE] [--expires-in SECONDS] [--format sct|jwt]
			       java -jar shared-context-server.jar token list [--agent-id ID] [--all] [--limit N]
			       java -jar shared-context-server.jar token revoke TOKEN_ID
			  create: issues a token; LIST is a comma list of read, write, admin, debug. The token is
			          printed on stdout, its id and claims on stderr.
			  list:   active tokens, newest first (--all: revoked and expired ones too; --limit: at most N,
			          default 100): id, agent, type, permissions, created, expires, revoked. Never the token.
			  revoke: revokes the token with this id (from 'token list'); it fails on its next request.
			  All three are audited with the actor 'cli'. Exit code 0: done; 1: failed; 2: usage error.""";

	private TokenCommand() {
	}

	public static int run(Class<?> application, String[] args) {
		if (HostContext.asksForHelp(args) || (args.length == 3 && isHelp(args[2]))) {
			System.out.println(USAGE);
			return 0;
		}
		String action = (args.length >= 2) ? args[1] : "";
		try {
			return switch (action) {
				case "create" -> create(application, args);
				case "list" -> list(application, args);
				case "revoke" -> revoke(application, args);
				default ->
					throw new IllegalArgumentException("expected 'token create', 'token list' or 'token revoke'");
			};
		}
		catch (IllegalArgumentException ex) {
			return usageError(ex.getMessage());
		}
	}

	private static int create(Class<?> application, String[] args) {
		Map<String, String> options = HostContext.options(args, 2,
				Set.of("--agent-id", "--agent-type", "--permissions", "--expires-in", "--format"));
		String agentId = options.get("--agent-id");
		String agentType = options.getOrDefault("--agent-type", "admin");
		require(agentId != null && agentId.matches(AgentIds.AGENT_ID), "--agent-id must match " + AgentIds.AGENT_ID);
		require(agentType.matches(AgentIds.AGENT_TYPE), "--agent-type must match " + AgentIds.AGENT_TYPE);
		Set<Permission> permissions = Permission.parseList(options.get("--permissions"));
		require(!permissions.isEmpty(), "--permissions must name at least one of read, write, admin, debug");
		TokenFormat format = TokenFormat.of(options.getOrDefault("--format", "sct"));
		Duration expiresIn = options.containsKey("--expires-in")
				? Duration.ofSeconds(Long.parseLong(options.get("--expires-in"))) : null;
		require(expiresIn == null || (expiresIn.toSeconds() >= 60 && expiresIn.toSeconds() <= 31_536_000),
				"--expires-in must be 60 to 31536000 seconds");
		try (ConfigurableApplicationContext context = HostContext.start(application)) {
			IssuedToken token = context.getBean(TokenService.class)
				.issueFromHost(agentId, agentType, permissions, expiresIn, format, new AuditDetails());
			System.err.printf("Issued %s token %s for agent '%s' (%s) with %s, expires %s%n", format.value(),
					token.tokenId(), token.agentId(), token.agentType(), String.join(",", token.permissions()),
					token.expiresAt());
			System.out.println(token.token());
			return 0;
		}
	}

	private static int list(Class<?> application, String[] args) {
		List<String> rest = new ArrayList<>(List.of(args).subList(2, args.length));
		boolean all = rest.remove("--all");
		Map<String, String> options = HostContext.options(rest.toArray(String[]::new), 0,
				Set.of("--agent-id", "--limit"));
		String agentId = options.get("--agent-id");
		require(agentId == null || agentId.matches(AgentIds.AGENT_ID), "--agent-id must match " + AgentIds.AGENT_ID);
		int limit = Integer.parseInt(options.getOrDefault("--limit", "100"));
		require(limit >= 1 && limit <= 1000, "--limit must be 1 to 1000");
		try (ConfigurableApplicationContext context = HostContext.start(application)) {
			List<TokenRecord> tokens = context.getBean(TokenService.class).list(HOST, agentId, all, limit, 0);
			PrintStream out = System.out;
			String row = "%-36s %-20s %-10s %-22s %-24s %-24s %s%n";
			out.printf(row, "ID", "AGENT", "TYPE", "PERMISSIONS", "CREATED", "EXPIRES", "REVOKED");
			for (TokenRecord token : tokens) {
				out.printf(row, token.id(), token.agentId(), token.agentType(),
						String.join(",", Permission.values(token.permissions())), token.issuedAt(), token.expiresAt(),
						token.revoked() ? token.revokedAt() : "-");
			}
			System.err.printf("%d token(s)%s%n", tokens.size(), all ? "" : " (active only; --all shows the rest)");
			return 0;
		}
	}

	private static int revoke(Class<?> application, String[] args) {
		require(args.length == 3 && !args[2].startsWith("-"), "'token revoke' needs exactly one TOKEN_ID");
		String tokenId = args[2];
		try (ConfigurableApplicationContext context = HostContext.start(application)) {
			context.getBean(TokenService.class).revoke(HOST, tokenId, new AuditDetails());
			System.out.println("Revoked token " + tokenId);
			return 0;
		}
		catch (TokenService.TokenNotFoundException ex) {
			System.err.println("error: no token with id " + tokenId);
			return 1;
		}
	}

	private static boolean isHelp(String arg) {
		return "--help".equals(arg) || "-h".equals(arg);
	}

	private static int usageError(String message) {
		System.err.println("error: " + message);
		System.err.println(USAGE);
		return 2;
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}

}
