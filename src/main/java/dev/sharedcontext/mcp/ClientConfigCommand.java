package dev.sharedcontext.mcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import dev.sharedcontext.auth.Secrets;
import dev.sharedcontext.host.HostContext;

/**
 * {@code java -jar server.jar client-config CLIENT [--url URL] [--with-key]}: the exact
 * configuration an MCP client needs for this server (docs/mcp-clients.md), with the
 * server's URL filled in: by default {@code http://HTTP_HOST:HTTP_PORT/mcp} from the
 * server's configuration, or {@code --url} (e.g. the public {@code https://} name behind
 * a proxy). The API key is a placeholder unless {@code --with-key} asks for the real one,
 * so the output can be pasted into a ticket or a chat without leaking it.
 * <p>
 * The snippet goes to standard output and parses as the file it belongs in (JSON or TOML)
 * or runs as the shell command it is; where to put it goes to standard error. Exit codes:
 * 0 printed, 1 the configuration does not load, 2 usage error.
 */
public final class ClientConfigCommand {

	public static final String NAME = "client-config";

	static final String SERVER_NAME = "shared-context";

	private static final String USAGE = """
			usage: java -jar shared-context-server.jar client-config CLIENT [--url URL] [--with-key]
			  CLIENT: claude, gemini, vscode, cursor, codex or inspector.
			  Prints that client's configuration for this server (docs/mcp-clients.md) on stdout and
			  where it goes on stderr. URL defaults to http://HTTP_HOST:HTTP_PORT/mcp; pass the public
			  https://.../mcp URL behind a proxy. The API key is a placeholder ($API_KEY in commands,
			  YOUR_API_KEY in files; VS Code prompts for it) unless --with-key prints the real one.
			  Exit code 0: printed; 1: the configuration does not load; 2: usage error.""";

	private static final Map<String, String> WHERE = Map.of("claude", "Run in a shell (Claude Code):", "gemini",
			"Merge into ~/.gemini/settings.json (or the project's .gemini/settings.json):", "vscode",
			"Save as .vscode/mcp.json in the workspace (or merge into it):", "cursor",
			"Merge into ~/.cursor/mcp.json (or the project's .cursor/mcp.json):", "codex",
			"Append to ~/.codex/config.toml (or the project's .codex/config.toml):", "inspector",
			"Run in a shell (MCP Inspector CLI, Node 22+); it lists the server's tools:");

	private ClientConfigCommand() {
	}

	public static int run(Class<?> application, String[] args) {
		if (HostContext.asksForHelp(args) || List.of(args).contains("--help") || List.of(args).contains("-h")) {
			System.out.println(USAGE);
			return 0;
		}
		String client;
		String url;
		boolean withKey;
		try {
			if (args.length < 2 || !WHERE.containsKey(args[1])) {
				throw new IllegalArgumentException(
						(args.length < 2) ? "CLIENT is required" : "unknown client '" + args[1] + "'");
			}
			client = args[1];
			List<String> rest = new ArrayList<>(List.of(args).subList(2, args.length));
			withKey = rest.remove("--with-key");
			url = HostContext.options(rest.toArray(String[]::new), 0, Set.of("--url")).get("--url");
			if (url != null && !url.matches("https?://[^\\s\"'\\\\]+")) {
				throw new IllegalArgumentException("--url must be an http:// or https:// URL");
			}
		}
		catch (IllegalArgumentException ex) {
			System.err.println("error: " + ex.getMessage());
			System.err.println(USAGE);
			return 2;
		}
		String key;
		// only --with-key needs the server's beans (the secrets, generated on first use
		// as on start)
		try (ConfigurableApplicationContext context = withKey ? HostContext.start(application)
				: HostContext.configuration(application)) {
			if (url == null) {
				url = defaultUrl(context.getEnvironment());
			}
			key = withKey ? context.getBean(Secrets.class).apiKey() : null;
		}
		catch (RuntimeException ex) {
			System.err.println("error: the configuration does not load: " + ex.getMessage());
			return 1;
		}
		System.err.println(WHERE.get(client));
		System.out.print(snippet(client, url, key));
		if (key == null) {
			System.err.println("The API key: grep '^API_KEY=' data/secrets.properties | cut -d= -f2 (or the API_KEY "
					+ "you configured); --with-key prints it in place.");
		}
		return 0;
	}

	/**
	 * The configuration for {@code client}.
	 * @param key the API key, or {@code null} for a placeholder
	 */
	public static String snippet(String client, String url, String key) {
		String jsonKey = quoted((key != null) ? key : "YOUR_API_KEY");
		String header = (key != null) ? shellQuoted("X-API-Key: " + key) : "\"X-API-Key: $API_KEY\"";
		return switch (client) {
			case "claude" -> "claude mcp add --transport http " + SERVER_NAME + " " + shellQuoted(url) + " --header "
					+ header + "\n";
			case "gemini" -> """
					{
					  "mcpServers": {
					    "%s": {
					      "httpUrl": %s,
					      "headers": { "X-API-Key": %s }
					    }
					  }
					}
					""".formatted(SERVER_NAME, quoted(url), jsonKey);
			case "vscode" -> (key != null) ? """
					{
					  "servers": {
					    "%s": {
					      "type": "http",
					      "url": %s,
					      "headers": { "X-API-Key": %s }
					    }
					  }
					}
					""".formatted(SERVER_NAME, quoted(url), jsonKey)
					: """
							{
							  "inputs": [
							    { "type": "promptString", "id": "scs-api-key", "description": "Shared Context Server API key", "password": true }
							  ],
							  "servers": {
							    "%s": {
							      "type": "http",
							      "url": %s,
							      "headers": { "X-API-Key": "${input:scs-api-key}" }
							    }
							  }
							}
							"""
						.formatted(SERVER_NAME, quoted(url));
			case "cursor" -> """
					{
					  "mcpServers": {
					    "%s": {
					      "url": %s,
					      "headers": { "X-API-Key": %s }
					    }
					  }
					}
					""".formatted(SERVER_NAME, quoted(url), jsonKey);
			case "codex" -> """
					[mcp_servers.%s]
					url = %s
					http_headers = { "X-API-Key" = %s }
					""".formatted(SERVER_NAME, quoted(url), jsonKey);
			case "inspector" -> "npx @modelcontextprotocol/inspector --cli " + shellQuoted(url)
					+ " --transport http --header " + header + " --method tools/list\n";
			default -> throw new IllegalArgumentException("unknown client '" + client + "'");
		};
	}

	/**
	 * Where a client on this host reaches the server: its bind address, loopback for a
	 * wildcard.
	 */
	static String defaultUrl(Environment environment) {
		String host = environment.getProperty("server.address", "127.0.0.1");
		if (host.isBlank() || "0.0.0.0".equals(host) || "::".equals(host) || "0:0:0:0:0:0:0:0".equals(host)) {
			host = "127.0.0.1";
		}
		if (host.contains(":")) {
			host = "[" + host + "]";
		}
		return "http://" + host + ":" + environment.getProperty("server.port", "23456") + "/mcp";
	}

	/** A string literal valid in both JSON and a TOML basic string. */
	static String quoted(String value) {
		StringBuilder quoted = new StringBuilder("\"");
		for (char c : value.toCharArray()) {
			if (c == '"' || c == '\\') {
				quoted.append('\\').append(c);
			}
			else if (c < 0x20 || c == 0x7f) {
				quoted.append(String.format("\\u%04x", (int) c));
			}
			else {
				quoted.append(c);
			}
		}
		return quoted.append('"').toString();
	}

	static String shellQuoted(String value) {
		return value.matches("[A-Za-z0-9:/._@%+=,-]+") ? value : "'" + value.replace("'", "'\\''") + "'";
	}

}
