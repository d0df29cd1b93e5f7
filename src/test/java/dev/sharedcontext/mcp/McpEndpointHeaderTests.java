package dev.sharedcontext.mcp;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /mcp} reads its headers itself instead of through {@code @RequestHeader};
 * the values must be the ones {@code @RequestHeader String} bound: absent is
 * {@code null}, empty stays empty, repeated values are joined with commas.
 */
class McpEndpointHeaderTests {

	@Test
	void headersBindAsRequestHeaderStringDid() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/mcp");
		request.addHeader("Mcp-Session-Id", "abc");
		request.addHeader("MCP-Protocol-Version", "");
		request.addHeader("Accept", "application/json");
		request.addHeader("Accept", "text/event-stream");
		assertThat(McpEndpoint.header(request, "mcp-session-id")).isEqualTo("abc");
		assertThat(McpEndpoint.header(request, "MCP-Protocol-Version")).isEmpty();
		assertThat(McpEndpoint.header(request, "Accept")).isEqualTo("application/json,text/event-stream");
		assertThat(McpEndpoint.header(request, "Mcp-Name")).isNull();
	}

}
