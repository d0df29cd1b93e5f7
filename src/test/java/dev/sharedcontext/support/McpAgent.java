package dev.sharedcontext.support;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * An agent connected to {@code /mcp} with the official MCP Java SDK client: the API key
 * on every request, and optionally its token as {@code Authorization: Bearer}. Records
 * the resource-updated notifications it receives.
 */
public final class McpAgent implements AutoCloseable {

	private final McpSyncClient client;

	private final List<String> updatedResources = new CopyOnWriteArrayList<>();

	private McpAgent(String baseUrl, String apiKey, String bearer, Consumer<HttpClient.Builder> httpClient,
			Map<String, String> headers) {
		HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(baseUrl)
			.endpoint("/mcp")
			.customizeClient(httpClient)
			.httpRequestCustomizer((request, method, uri, body, context) -> {
				if (apiKey != null) {
					request.header("X-API-Key", apiKey);
				}
				if (bearer != null) {
					request.header("Authorization", "Bearer " + bearer);
				}
				headers.forEach(request::header);
			})
			.build();
		this.client = McpClient.sync(transport)
			.requestTimeout(Duration.ofSeconds(70))
			.clientInfo(new McpSchema.Implementation("shared-context-tests", "1.0"))
			.resourcesUpdateConsumer((contents) -> contents.forEach((c) -> this.updatedResources.add(c.uri())))
			.build();
	}

	public static McpAgent connect(String baseUrl, String apiKey, String bearer) {
		return connect(baseUrl, apiKey, bearer, (client) -> {
		}, Map.of());
	}

	/**
	 * Connects with a customised HTTP client (e.g. one that trusts a test certificate)
	 * and extra headers on every request (e.g. {@code Origin}, {@code X-Forwarded-For}).
	 */
	public static McpAgent connect(String baseUrl, String apiKey, String bearer,
			Consumer<HttpClient.Builder> httpClient, Map<String, String> headers) {
		McpAgent agent = new McpAgent(baseUrl, apiKey, bearer, httpClient, headers);
		agent.client.initialize();
		return agent;
	}

	public McpSyncClient client() {
		return this.client;
	}

	/** Calls a tool and returns the whole result. */
	public McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
		return this.client.callTool(new McpSchema.CallToolRequest(tool, arguments));
	}

	/** Calls a tool that must succeed and returns its structured content. */
	@SuppressWarnings("unchecked")
	public Map<String, Object> ok(String tool, Map<String, Object> arguments) {
		McpSchema.CallToolResult result = call(tool, arguments);
		if (Boolean.TRUE.equals(result.isError())) {
			throw new AssertionError(tool + " failed: " + result.structuredContent());
		}
		return (Map<String, Object>) result.structuredContent();
	}

	/** Calls a tool that must fail and returns its error code. */
	@SuppressWarnings("unchecked")
	public String error(String tool, Map<String, Object> arguments) {
		McpSchema.CallToolResult result = call(tool, arguments);
		if (!Boolean.TRUE.equals(result.isError())) {
			throw new AssertionError(tool + " unexpectedly succeeded: " + result.structuredContent());
		}
		return (String) ((Map<String, Object>) result.structuredContent()).get("code");
	}

	public List<String> updatedResources() {
		return this.updatedResources;
	}

	@Override
	public void close() {
		this.client.closeGracefully();
	}

}
