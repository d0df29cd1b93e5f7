import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One simulated agent: its own connection, its own MCP session and its own token. MCP calls go to {@code /mcp} as
 * {@code tools/call} with the API key and {@code Authorization: Bearer}; REST calls go to {@code /api/v1} with the
 * bearer token alone.
 */
final class Agent implements AutoCloseable {

	static final String PROTOCOL = "2025-06-18";

	/** The stateless era: no initialize, no MCP session; version, method and name in headers and {@code _meta}. */
	static final String MODERN = "2026-07-28";

	private static final String MODERN_META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + MODERN
			+ "\",\"io.modelcontextprotocol/clientCapabilities\":{},"
			+ "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}";

	private static final Pattern TOKEN = Pattern.compile("\"token\":\"(sct_[A-Za-z0-9_-]+)\"");

	private static final Pattern SESSION_ID = Pattern.compile("\"session_id\":\"(session_[0-9a-f]{16})\"");

	private static final Pattern MESSAGE_ID = Pattern.compile("\"message_id\":(\\d+)");

	final String id;

	private final int port;

	private final String apiKey;

	private Http http;

	private String mcpSession;

	private String token;

	private String mcpHeaders;

	private String restHeaders;

	private String modernHeaders;

	private long rpcId;

	Agent(String id, int port, String apiKey) {
		this.id = id;
		this.port = port;
		this.apiKey = apiKey;
		this.http = new Http(port);
	}

	/** initialize, notifications/initialized, authenticate_agent: what a real MCP client does first. */
	void connect() throws IOException {
		Http.Response init = this.http.send("POST", "/mcp", "Accept: application/json, text/event-stream\r\nX-API-Key: "
				+ this.apiKey + "\r\n", """
				{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"%s","capabilities":{},\
				"clientInfo":{"name":"bench","version":"1"}}}""".formatted(PROTOCOL));
		if (init.status() != 200 || init.sessionId() == null) {
			throw new IOException("initialize failed: " + init.status() + " " + init.body());
		}
		this.mcpSession = init.sessionId();
		String base = "Accept: application/json, text/event-stream\r\nX-API-Key: " + this.apiKey
				+ "\r\nMcp-Session-Id: " + this.mcpSession + "\r\nMCP-Protocol-Version: " + PROTOCOL + "\r\n";
		Http.Response initialized = this.http.send("POST", "/mcp", base,
				"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
		if (initialized.status() != 202) {
			throw new IOException("notifications/initialized failed: " + initialized.status());
		}
		Http.Response auth = this.http.send("POST", "/mcp", base, rpc("authenticate_agent",
				"{\"agent_id\":\"" + this.id + "\",\"agent_type\":\"bench\",\"requested_permissions\":[\"read\",\"write\"]}"));
		Matcher m = TOKEN.matcher(auth.body());
		if (auth.status() != 200 || !m.find()) {
			throw new IOException("authenticate_agent failed: " + auth.status() + " " + auth.body());
		}
		this.token = m.group(1);
		this.mcpHeaders = base + "Authorization: Bearer " + this.token + "\r\n";
		this.restHeaders = "Accept: application/json\r\nAuthorization: Bearer " + this.token + "\r\n";
		this.modernHeaders = "Accept: application/json, text/event-stream\r\nX-API-Key: " + this.apiKey
				+ "\r\nAuthorization: Bearer " + this.token + "\r\nMCP-Protocol-Version: " + MODERN
				+ "\r\nMcp-Method: tools/call\r\n";
	}

	/** Drops the connection; the next call opens a new one (MCP session and token stay valid). */
	void reconnect() {
		this.http.close();
		this.http = new Http(this.port);
	}

	String token() {
		return this.token;
	}

	private String rpc(String tool, String arguments) {
		return "{\"jsonrpc\":\"2.0\",\"id\":" + (++this.rpcId) + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
				+ "\",\"arguments\":" + arguments + "}}";
	}

	/** A tools/call; the result must be a success (HTTP 200, no isError). */
	String tool(String tool, String arguments) throws IOException {
		Http.Response response = this.http.send("POST", "/mcp", this.mcpHeaders, rpc(tool, arguments));
		String body = response.body();
		if (response.status() != 200 || body.contains("\"isError\":true") || body.contains("\"error\":{")) {
			throw new CallFailed(tool + " -> " + response.status() + " " + abbreviate(body));
		}
		return body;
	}

	/** create_session over MCP; returns the new session's id. */
	String createSession(String purpose) throws IOException {
		String body = tool("create_session", "{\"purpose\":\"" + purpose + "\"}");
		Matcher m = SESSION_ID.matcher(body);
		if (!m.find()) {
			throw new IOException("create_session: " + body);
		}
		return m.group(1);
	}

	/** add_message over MCP; returns the acknowledged id. */
	long mcpAddMessage(String sessionId, String content) throws IOException {
		String body = tool("add_message", "{\"session_id\":\"" + sessionId + "\",\"content\":\"" + content + "\"}");
		Matcher m = MESSAGE_ID.matcher(body);
		if (!m.find()) {
			throw new CallFailed("add_message without message_id: " + abbreviate(body));
		}
		return Long.parseLong(m.group(1));
	}

	/**
	 * add_message as a 2026-07-28 request: one stateless POST (no {@code Mcp-Session-Id}) with the version, method
	 * and tool name in headers and {@code _meta} in the params, the same token as Bearer; returns the acknowledged id.
	 */
	long modernAddMessage(String sessionId, String content) throws IOException {
		String body = "{\"jsonrpc\":\"2.0\",\"id\":" + (++this.rpcId)
				+ ",\"method\":\"tools/call\",\"params\":{\"name\":\"add_message\",\"arguments\":{\"session_id\":\""
				+ sessionId + "\",\"content\":\"" + content + "\"}," + MODERN_META + "}}";
		Http.Response response = this.http.send("POST", "/mcp", this.modernHeaders + "Mcp-Name: add_message\r\n", body);
		String text = response.body();
		if (response.status() != 200 || text.contains("\"isError\":true") || text.contains("\"error\":{")
				|| !text.contains("\"resultType\":\"complete\"")) {
			throw new CallFailed("2026 add_message -> " + response.status() + " " + abbreviate(text));
		}
		Matcher m = MESSAGE_ID.matcher(text);
		if (!m.find()) {
			throw new CallFailed("2026 add_message without message_id: " + abbreviate(text));
		}
		return Long.parseLong(m.group(1));
	}

	/**
	 * The reference peer's {@code noop} tool (bench/reference): a stateless SDK server needs no initialize and no
	 * session, so each call is one POST with the same Accept header and keep-alive connection as ours get; the SDK
	 * answers with a one-event text/event-stream.
	 */
	void peerNoop(long seq) throws IOException {
		Http.Response response = this.http.send("POST", "/mcp", PEER_HEADERS,
				"{\"jsonrpc\":\"2.0\",\"id\":" + seq + ",\"method\":\"tools/call\",\"params\":{\"name\":\"noop\","
						+ "\"arguments\":{}}}");
		if (response.status() != 200 || !response.body().contains("\"text\":\"ok\"")) {
			throw new CallFailed("peer noop -> " + response.status() + " " + abbreviate(response.body()));
		}
	}

	private static final String PEER_HEADERS = "Accept: application/json, text/event-stream\r\nMCP-Protocol-Version: "
			+ PROTOCOL + "\r\n";

	String rest(String method, String path, String body) throws IOException {
		Http.Response response = this.http.send(method, path, this.restHeaders, body);
		if (response.status() / 100 != 2) {
			throw new CallFailed(method + " " + path + " -> " + response.status() + " " + abbreviate(response.body()));
		}
		return response.body();
	}

	long restAddMessage(String sessionId, String content) throws IOException {
		String body = rest("POST", "/api/v1/sessions/" + sessionId + "/messages", "{\"content\":\"" + content + "\"}");
		Matcher m = Pattern.compile("\"id\":(\\d+)").matcher(body);
		if (!m.find()) {
			throw new CallFailed("POST messages without id: " + abbreviate(body));
		}
		return Long.parseLong(m.group(1));
	}

	static String abbreviate(String s) {
		return (s.length() > 300) ? s.substring(0, 300) + "…" : s;
	}

	@Override
	public void close() {
		this.http.close();
	}

	/** The server answered, but not with a success. */
	static final class CallFailed extends IOException {

		CallFailed(String message) {
			super(message);
		}

	}


	/** {@code n} agents named {@code prefix0...}, connected (MCP session and token each) 8 at a time. */
	static List<Agent> connectAll(Server server, String prefix, int n) throws Exception {
		List<Agent> agents = new ArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<Agent>> futures = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				String id = prefix + i;
				futures.add(pool.submit(() -> {
					Agent agent = new Agent(id, server.port, server.apiKey);
					agent.connect();
					return agent;
				}));
			}
			for (Future<Agent> f : futures) {
				agents.add(f.get());
			}
		}
		finally {
			pool.shutdown();
		}
		return agents;
	}

}
