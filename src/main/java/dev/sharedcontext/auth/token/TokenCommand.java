package dev.sharedcontext.auth.token;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.springframework.context.ConfigurableApplicationContext;

import dev.sharedcontext.audit.AuditDetails;
import dev.sharedcontext.auth.AgentIds;
import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.host.HostContext;

/**
 * {@code java -jar server.jar token create --agent-id ops --permissions admin [--agent-type human]
 * [--expires-in SECONDS] [--format sct|jwt]}: issues a token on the host, against the
 * same database and secrets as the server, and prints it on standard output (details go
 * to standard error). This is how the first admin token is made; it is audited as issued
 * by {@code cli}.
 */
public final class TokenCommand {

	public static final String NAME = "token";

	private static final String USAGE = """
			usage: java -jar shared-context-server.jar token create --agent-id ID --permissions LIST
			         [--agent-type TYPE] [--expires-in SECONDS] [--format sct|jwt]
			  LIST is a comma list of read, write, admin, debug. The token is printed on stdout.""";

	private TokenCommand() {
	}

	public static int run(Class<?> application, String[] args) {
		PrintStream err = System.err;
		Map<String, String> options;
		try {
			options = parse(args);
		}
		catch (IllegalArgumentException ex) {
			err.println("error: " + ex.getMessage());
			err.println(USAGE);
			return 2;
		}
		String agentId = options.get("--agent-id");
		String agentType = options.getOrDefault("--agent-type", "admin");
		Set<Permission> permissions;
		TokenFormat format;
		Duration expiresIn;
		try {
			require(agentId != null && agentId.matches(AgentIds.AGENT_ID),
					"--agent-id must match " + AgentIds.AGENT_ID);
			require(agentType.matches(AgentIds.AGENT_TYPE), "--agent-type must match " + AgentIds.AGENT_TYPE);
			permissions = Permission.parseList(options.get("--permissions"));
			require(!permissions.isEmpty(), "--permissions must name at least one of read, write, admin, debug");
			format = TokenFormat.of(options.getOrDefault("--format", "sct"));
			expiresIn = options.containsKey("--expires-in")
					? Duration.ofSeconds(Long.parseLong(options.get("--expires-in"))) : null;
			require(expiresIn == null || (expiresIn.toSeconds() >= 60 && expiresIn.toSeconds() <= 31_536_000),
					"--expires-in must be 60 to 31536000 seconds");
		}
		catch (IllegalArgumentException ex) {
			err.println("error: " + ex.getMessage());
			err.println(USAGE);
			return 2;
		}
		try (ConfigurableApplicationContext context = HostContext.start(application)) {
			IssuedToken token = context.getBean(TokenService.class)
				.issueFromHost(agentId, agentType, permissions, expiresIn, format, new AuditDetails());
			err.printf("Issued %s token %s for agent '%s' (%s) with %s, expires %s%n", format.value(), token.tokenId(),
					token.agentId(), token.agentType(), String.join(",", token.permissions()), token.expiresAt());
			System.out.println(token.token());
			return 0;
		}
	}

	private static Map<String, String> parse(String[] args) {
		if (args.length < 2 || !"create".equals(args[1])) {
			throw new IllegalArgumentException("expected 'token create'");
		}
		return HostContext.options(args, 2,
				Set.of("--agent-id", "--agent-type", "--permissions", "--expires-in", "--format"));
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}

}
