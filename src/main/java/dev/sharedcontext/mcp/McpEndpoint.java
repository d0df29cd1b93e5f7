package dev.sharedcontext.mcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.sharedcontext.auth.AgentAuthentication;
import dev.sharedcontext.auth.AgentPrincipal;

/**
 * MCP Streamable HTTP at {@code /mcp} (revisions 2025-03-26, 2025-06-18, 2025-11-25).
 * POST carries JSON-RPC messages and is answered as JSON or as a one-shot SSE stream
 * depending on {@code Accept}; GET opens the server-to-client SSE stream; DELETE ends the
 * session. The security filter chain has already checked the API key and, when present,
 * the bearer token.
 */
@RestController
class McpEndpoint {

	static final String SESSION_HEADER = "Mcp-Session-Id";

	static final String VERSION_HEADER = "MCP-Protocol-Version";

	private static final MediaType EVENT_STREAM = MediaType.TEXT_EVENT_STREAM;

	private final McpDispatcher dispatcher;

	private final LifecycleMethods lifecycle;

	private final McpSessionStore sessions;

	private final McpStreams streams;

	private final JsonMapper json;

	McpEndpoint(McpDispatcher dispatcher, LifecycleMethods lifecycle, McpSessionStore sessions, McpStreams streams,
			JsonMapper json) {
		this.dispatcher = dispatcher;
		this.lifecycle = lifecycle;
		this.sessions = sessions;
		this.streams = streams;
		this.json = json;
	}

	@PostMapping(path = "/mcp", consumes = MediaType.ALL_VALUE)
	ResponseEntity<?> post(@RequestBody(required = false) String body,
			@RequestHeader(name = SESSION_HEADER, required = false) String sessionId,
			@RequestHeader(name = VERSION_HEADER, required = false) String versionHeader,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
		JsonNode message;
		try {
			message = (body != null) ? this.json.readTree(body) : null;
		}
		catch (JacksonException ex) {
			return fault(HttpStatus.BAD_REQUEST, JsonRpc.PARSE_ERROR, "Parse error: body is not valid JSON");
		}
		if (message == null || message.isMissingNode() || !(message.isObject() || message.isArray())) {
			return fault(HttpStatus.BAD_REQUEST, JsonRpc.INVALID_REQUEST, "Body must be a JSON-RPC message or batch");
		}
		if (versionHeader != null && !ProtocolVersions.isSupported(versionHeader)) {
			return fault(HttpStatus.BAD_REQUEST, JsonRpc.INVALID_REQUEST,
					"Unsupported MCP-Protocol-Version; supported: " + String.join(", ", ProtocolVersions.SUPPORTED));
		}
		boolean wantsJson = accepts(accept, MediaType.APPLICATION_JSON);
		if (!wantsJson && !accepts(accept, EVENT_STREAM)) {
			return fault(HttpStatus.NOT_ACCEPTABLE, JsonRpc.INVALID_REQUEST,
					"Accept must include application/json or text/event-stream");
		}
		if (isInitialize(message)) {
			return initialize(message, wantsJson);
		}
		if (sessionId == null) {
			return fault(HttpStatus.BAD_REQUEST, JsonRpc.SERVER_ERROR,
					"Missing Mcp-Session-Id header; send initialize first");
		}
		Optional<McpSession> session = this.sessions.find(sessionId);
		if (session.isEmpty()) {
			return fault(HttpStatus.NOT_FOUND, JsonRpc.SERVER_ERROR,
					"Unknown or expired MCP session; initialize again");
		}
		String version = (versionHeader != null) ? versionHeader : session.get().protocolVersion();
		McpContext context = new McpContext(session.get(), headerPrincipal(), version);
		List<JsonNode> responses = new ArrayList<>();
		if (message.isArray()) {
			if (message.isEmpty()) {
				return fault(HttpStatus.BAD_REQUEST, JsonRpc.INVALID_REQUEST, "Empty batch");
			}
			for (JsonNode element : message) {
				if (isInitialize(element)) {
					responses.add(JsonRpc.error(element.get("id"), JsonRpc.INVALID_REQUEST,
							"initialize cannot be part of a batch"));
					continue;
				}
				this.dispatcher.dispatch(element, context).ifPresent(responses::add);
			}
		}
		else {
			this.dispatcher.dispatch(message, context).ifPresent(responses::add);
		}
		if (responses.isEmpty()) {
			return ResponseEntity.accepted().build();
		}
		JsonNode answer = message.isArray() ? toArray(responses) : responses.get(0);
		return respond(answer, wantsJson, null);
	}

	@GetMapping("/mcp")
	ResponseEntity<?> stream(@RequestHeader(name = SESSION_HEADER, required = false) String sessionId,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
			@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
		if (!accepts(accept, EVENT_STREAM)) {
			return fault(HttpStatus.NOT_ACCEPTABLE, JsonRpc.INVALID_REQUEST,
					"GET /mcp needs Accept: text/event-stream");
		}
		if (sessionId == null) {
			return fault(HttpStatus.BAD_REQUEST, JsonRpc.SERVER_ERROR, "Missing Mcp-Session-Id header");
		}
		if (this.sessions.find(sessionId).isEmpty()) {
			return fault(HttpStatus.NOT_FOUND, JsonRpc.SERVER_ERROR, "Unknown or expired MCP session");
		}
		Long resumeAfter = null;
		if (lastEventId != null) {
			try {
				resumeAfter = Long.parseLong(lastEventId.trim());
			}
			catch (NumberFormatException ex) {
				return fault(HttpStatus.BAD_REQUEST, JsonRpc.INVALID_REQUEST,
						"Last-Event-ID is not an event id of this server");
			}
		}
		SseEmitter emitter = this.streams.open(sessionId, resumeAfter);
		return ResponseEntity.ok().contentType(EVENT_STREAM).header(SESSION_HEADER, sessionId).body(emitter);
	}

	@DeleteMapping("/mcp")
	ResponseEntity<?> delete(@RequestHeader(name = SESSION_HEADER, required = false) String sessionId) {
		if (sessionId == null) {
			return fault(HttpStatus.BAD_REQUEST, JsonRpc.SERVER_ERROR, "Missing Mcp-Session-Id header");
		}
		this.streams.close(sessionId);
		if (!this.sessions.delete(sessionId)) {
			return fault(HttpStatus.NOT_FOUND, JsonRpc.SERVER_ERROR, "Unknown or expired MCP session");
		}
		return ResponseEntity.noContent().build();
	}

	private ResponseEntity<?> initialize(JsonNode message, boolean wantsJson) {
		JsonNode id = message.get("id");
		if (id == null || id.isNull()) {
			return fault(HttpStatus.BAD_REQUEST, JsonRpc.INVALID_REQUEST, "initialize must be a request with an id");
		}
		JsonNode params = message.path("params");
		String requested = params.path("protocolVersion").asString(null);
		String version = ProtocolVersions.negotiate(requested);
		JsonNode clientInfo = params.path("clientInfo");
		McpSession session = this.sessions.create(version, clientInfo.path("name").asString(null),
				clientInfo.path("version").asString(null));
		return respond(JsonRpc.result(id, this.lifecycle.initializeResult(version)), wantsJson, session.id());
	}

	private ResponseEntity<?> respond(JsonNode answer, boolean wantsJson, String newSessionId) {
		ResponseEntity.BodyBuilder response = ResponseEntity.ok();
		if (newSessionId != null) {
			response.header(SESSION_HEADER, newSessionId);
		}
		if (wantsJson) {
			return response.contentType(MediaType.APPLICATION_JSON).body(this.json.writeValueAsString(answer));
		}
		String event = "event: message\ndata: " + this.json.writeValueAsString(answer) + "\n\n";
		return response.contentType(EVENT_STREAM).header(HttpHeaders.CACHE_CONTROL, "no-cache").body(event);
	}

	private ResponseEntity<String> fault(HttpStatus status, int code, String message) {
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.body(this.json.writeValueAsString(JsonRpc.error(null, code, message)));
	}

	private static boolean isInitialize(JsonNode message) {
		return message.isObject() && "initialize".equals(message.path("method").asString(null));
	}

	private static ArrayNode toArray(List<JsonNode> responses) {
		ArrayNode array = JsonNodeFactory.instance.arrayNode();
		responses.forEach(array::add);
		return array;
	}

	/**
	 * Whether the Accept header admits {@code type}; a missing header or a wildcard
	 * admits JSON only.
	 */
	private static boolean accepts(String accept, MediaType type) {
		if (accept == null || accept.isBlank()) {
			return MediaType.APPLICATION_JSON.equals(type);
		}
		try {
			for (MediaType candidate : MediaType.parseMediaTypes(accept)) {
				if (candidate.isWildcardType() ? MediaType.APPLICATION_JSON.equals(type)
						: candidate.includes(type) && candidate.getQualityValue() > 0) {
					return true;
				}
			}
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		return false;
	}

	private static AgentPrincipal headerPrincipal() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication instanceof AgentAuthentication agent) ? agent.getPrincipal() : null;
	}

}
