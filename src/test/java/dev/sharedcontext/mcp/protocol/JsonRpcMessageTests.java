package dev.sharedcontext.mcp.protocol;

import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Reading JSON-RPC messages into the protocol records and writing the records back, with
 * a mapper configured as the application's (snake_case, unknown properties refused),
 * which {@link McpJson} must override for MCP's camelCase.
 */
class JsonRpcMessageTests {

	private static final JsonMapper JSON = JsonMapper.builder()
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private static JsonNode tree(String json) {
		return JSON.readTree(json);
	}

	@Nested
	class Parse {

		@Test
		void parseWhenRequestThenTypedWithItsIdAndParams() {
			JsonRpcMessage message = JsonRpcMessage
				.parse(tree("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"ping\",\"params\":{\"x\":1}}"));
			assertThat(message).isInstanceOfSatisfying(JsonRpcRequest.class, (request) -> {
				assertThat(request.id()).isEqualTo(new RequestId.StringId("a"));
				assertThat(request.method()).isEqualTo("ping");
				assertThat(request.paramsObject().get("x").asInt()).isEqualTo(1);
			});
		}

		@ParameterizedTest
		@CsvSource(delimiter = '|', textBlock = """
				{"jsonrpc":"2.0","method":"notifications/initialized"} | JsonRpcNotification
				{"jsonrpc":"2.0","id":null,"method":"x"}               | JsonRpcNotification
				{"jsonrpc":"2.0","id":1,"result":{}}                   | JsonRpcResponse
				{"jsonrpc":"2.0","id":1,"error":5}                     | JsonRpcError
				""")
		void parseWhenNoIdOrAClientResponseThenNotAnsweredTypes(String json, String type) {
			assertThat(JsonRpcMessage.parse(tree(json)).getClass().getSimpleName()).isEqualTo(type);
		}

		@ParameterizedTest
		@CsvSource(delimiter = '|', textBlock = """
				{"jsonrpc":"1.0","id":7,"method":"ping"}     | 7    | Not a JSON-RPC 2.0 message
				{"id":"s","method":"ping"}                   | "s"  | Not a JSON-RPC 2.0 message
				{"id":true,"method":"ping"}                  | null | Not a JSON-RPC 2.0 message
				{"jsonrpc":"2.0","id":7}                     | 7    | Missing method
				{"jsonrpc":"2.0","id":7,"method":5}          | 7    | Missing method
				{"jsonrpc":"2.0","id":1.5}                   | null | Missing method
				{"jsonrpc":"2.0","id":1.5,"method":"ping"}   | null | id must be a string or an integer
				{"jsonrpc":"2.0","id":[1],"method":"ping"}   | null | id must be a string or an integer
				""")
		void parseWhenMalformedThenInvalidRequestWithTheIdItCouldRead(String json, String id, String message) {
			assertThatExceptionOfType(JsonRpc.Fault.class).isThrownBy(() -> JsonRpcMessage.parse(tree(json)))
				.satisfies((fault) -> {
					assertThat(fault.code()).isEqualTo(JsonRpc.INVALID_REQUEST);
					assertThat(fault.getMessage()).isEqualTo(message);
					assertThat(JSON.writeValueAsString(fault.toError(fault.id())))
						.startsWith("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",");
				});
		}

		@Test
		void parseWhenNotAnObjectThenInvalidRequest() {
			assertThatExceptionOfType(JsonRpc.Fault.class).isThrownBy(() -> JsonRpcMessage.parse(tree("42")))
				.satisfies((fault) -> assertThat(fault.id()).isNull());
		}

		@ParameterizedTest
		@CsvSource(delimiter = '|', textBlock = """
				[]
				null
				"x"
				""")
		void paramsObjectWhenNotAnObjectThenInvalidParams(String params) {
			JsonRpcRequest request = (JsonRpcRequest) JsonRpcMessage
				.parse(tree("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":" + params + "}"));
			assertThatExceptionOfType(JsonRpc.Fault.class).isThrownBy(request::paramsObject)
				.satisfies((fault) -> assertThat(fault.code()).isEqualTo(JsonRpc.INVALID_PARAMS));
		}

	}

	@Nested
	class Ids {

		@ParameterizedTest
		@CsvSource(delimiter = '|', textBlock = """
				1
				0
				-17
				9007199254740993
				12345678901234567890123
				"a"
				""
				""")
		void idWhenEchoedThenExactlyAsSent(String id) {
			JsonRpcRequest request = (JsonRpcRequest) JsonRpcMessage
				.parse(tree("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}"));
			assertThat(JSON.writeValueAsString(JsonRpcResponse.of(request.id(), EmptyResult.INSTANCE)))
				.isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{}}");
		}

		@ParameterizedTest
		@CsvSource(delimiter = '|', textBlock = """
				1.5
				1.0
				true
				{}
				[1]
				null
				""")
		void idWhenNotAStringOrAnIntegerThenNone(String id) {
			assertThat(RequestId.of(tree(id))).isNull();
		}

	}

	@Nested
	class Write {

		@Test
		void errorWhenNoIdThenIdIsSentAsNullAndNoData() {
			assertThat(JSON.writeValueAsString(JsonRpcError.of(null, JsonRpc.PARSE_ERROR, "Parse error")))
				.isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"}}");
		}

		@Test
		void toolResultWhenWrittenThenCamelCaseInMcpOrder() {
			CallToolResult result = new CallToolResult(List.of(TextContent.of("{}")), tree("{\"snake_case\":1}"), true);
			assertThat(JSON.writeValueAsString(result)).isEqualTo(
					"{\"content\":[{\"type\":\"text\",\"text\":\"{}\"}],\"structuredContent\":{\"snake_case\":1},\"isError\":true}");
		}

		@Test
		void toolDescriptorWhenOptionalFieldsAbsentThenLeftOut() {
			ToolDescriptor tool = new ToolDescriptor("t", null, "d", JSON.createObjectNode(), null,
					new ToolAnnotations(null, true, null, null, null));
			assertThat(JSON.writeValueAsString(tool)).isEqualTo(
					"{\"name\":\"t\",\"description\":\"d\",\"inputSchema\":{},\"annotations\":{\"readOnlyHint\":true}}");
		}

		@Test
		void notificationWhenWrittenThenMethodAndTypedParams() {
			assertThat(JSON.writeValueAsString(JsonRpcNotification.of("notifications/resources/updated",
					new ResourceUriParams("session://session_0123456789abcdef"))))
				.isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/resources/updated\","
						+ "\"params\":{\"uri\":\"session://session_0123456789abcdef\"}}");
		}

	}

	@Nested
	class Params {

		@ParameterizedTest
		@CsvSource(delimiter = '|', textBlock = """
				{}
				{"uri":5}
				{"uri":null}
				""")
		void resourceUriWhenMissingOrNotAStringThenInvalidParams(String params) {
			assertThatExceptionOfType(JsonRpc.Fault.class).isThrownBy(() -> ResourceUriParams.from(tree(params)))
				.satisfies((fault) -> assertThat(fault.getMessage()).isEqualTo("params.uri is required"));
		}

		@Test
		void setLevelWhenUnknownLevelThenInvalidParams() {
			assertThat(SetLevelParams.from(tree("{\"level\":\"debug\"}")).level()).isEqualTo("debug");
			assertThatExceptionOfType(JsonRpc.Fault.class)
				.isThrownBy(() -> SetLevelParams.from(tree("{\"level\":\"DEBUG\"}")))
				.satisfies((fault) -> assertThat(fault.code()).isEqualTo(JsonRpc.INVALID_PARAMS));
		}

		@Test
		void callToolWhenArgumentsAreNotAnObjectThenInvalidParamsOnlyWhenAsked() {
			CallToolParams params = CallToolParams.from(tree("{\"name\":\"t\",\"arguments\":[1]}"));
			assertThat(params.name()).isEqualTo("t");
			assertThatExceptionOfType(JsonRpc.Fault.class).isThrownBy(params::argumentsObject);
			assertThat(CallToolParams.from(tree("{\"name\":\"t\",\"arguments\":null}")).argumentsObject()).isEmpty();
			assertThatExceptionOfType(JsonRpc.Fault.class).isThrownBy(() -> CallToolParams.from(tree("{\"name\":5}")))
				.satisfies((fault) -> assertThat(fault.getMessage()).isEqualTo("params.name must name a tool"));
		}

		@Test
		void initializeWhenParamsUnreadableThenNothingIsRequired() {
			InitializeParams params = InitializeParams.from(tree("5"));
			assertThat(params.protocolVersion()).isNull();
			assertThat(params.clientInfo().name()).isNull();
		}

	}

}
