package dev.sharedcontext.mcp.tool;

import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.sharedcontext.support.Api;
import dev.sharedcontext.support.IntegrationTest;
import dev.sharedcontext.support.McpAgent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tool result is serialized once and the same JSON is both the text block and
 * {@code structuredContent}: the two must stay identical, with {@code success} first, for
 * records (add_message, get_messages), maps (failures) and results that carry their own
 * {@code success}.
 */
class ToolResultSerializationTests extends IntegrationTest {

	@Test
	void theTextBlockIsExactlyTheStructuredContentWithSuccessFirst() throws Exception {
		String token;
		try (McpAgent anonymous = McpAgent.connect("http://127.0.0.1:" + this.port, API_KEY, null)) {
			McpSchema.CallToolResult auth = anonymous.call("authenticate_agent",
					Map.of("agent_id", "serializer", "agent_type", "claude"));
			assertSameJson(auth, true);
			token = (String) ((Map<?, ?>) auth.structuredContent()).get("token");
		}
		try (McpAgent agent = McpAgent.connect("http://127.0.0.1:" + this.port, API_KEY, token)) {
			McpSchema.CallToolResult created = agent.call("create_session", Map.of("purpose", "serialize \"once\""));
			assertSameJson(created, true);
			String sessionId = (String) ((Map<?, ?>) created.structuredContent()).get("session_id");
			McpSchema.CallToolResult added = agent.call("add_message",
					Map.of("session_id", sessionId, "content", "quotes \" and \\ and ünïcödé ✓"));
			assertSameJson(added, true);
			McpSchema.CallToolResult page = agent.call("get_messages", Map.of("session_id", sessionId, "limit", 50));
			JsonNode structured = assertSameJson(page, true);
			assertThat(structured.get("messages").get(0).get("content").asString())
				.isEqualTo("quotes \" and \\ and ünïcödé ✓");
			McpSchema.CallToolResult failed = agent.call("get_messages",
					Map.of("session_id", "session_0000000000000000", "limit", 50));
			assertThat(failed.isError()).isTrue();
			JsonNode failure = assertSameJson(failed, false);
			assertThat(failure.get("code").asString()).isNotBlank();
		}
	}

	private static JsonNode assertSameJson(McpSchema.CallToolResult result, boolean success) throws Exception {
		List<McpSchema.Content> content = result.content();
		assertThat(content).hasSize(1);
		String text = ((McpSchema.TextContent) content.get(0)).text();
		JsonNode fromText = Api.JSON.readTree(text);
		JsonNode structured = Api.JSON.valueToTree(result.structuredContent());
		assertThat(fromText).isEqualTo(structured);
		assertThat(text).startsWith("{\"success\":" + success + ",");
		assertThat(fromText.propertyNames().iterator().next()).isEqualTo("success");
		return fromText;
	}

}
