package dev.sharedcontext.mcp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.http.HttpServletRequest;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

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
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.sharedcontext.auth.AgentAuthentication;
import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.limits.LimitExceededException;
import dev.sharedcontext.limits.LimitsProperties;
import dev.sharedcontext.mcp.protocol.InitializeParams;
import dev.sharedcontext.mcp.protocol.JsonRpc;
import dev.sharedcontext.mcp.protocol.JsonRpcError;
import dev.sharedcontext.mcp.protocol.JsonRpcMessage;
import dev.sharedcontext.mcp.protocol.JsonRpcResponse;
import dev.sharedcontext.mcp.protocol.McpContext;
import dev.sharedcontext.mcp.protocol.McpSession;
import dev.sharedcontext.mcp.protocol.RequestId;

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

	private static final byte[] SSE_MESSAGE_START = "event: message\ndata: ".getBytes(StandardCharsets.UTF_8);

	private static final byte[] SSE_MESSAGE_END = "\n\n".getBytes(StandardCharsets.UTF_8);

	/**
	 * How long a request that waits ({@code wait_for_messages}, at most 60 s) may stay
	 * open before it is answered with an error.
	 */
	private static final Duration ASYNC_TIMEOUT = Duration.ofSeconds(90);

	private final McpDispatcher dispatcher;

	private final LifecycleMethods lifecycle;

	private final McpSessionStore sessions;

	private final McpStreams streams;

	private final ListenStreams listens;

	private final JsonMapper json;

	private final LimitsProperties limits;

	McpEndpoint(McpDispatcher dispatcher, LifecycleMethods lifecycle, McpSessionStore sessions, McpStreams streams,
			ListenStreams listens, JsonMapper json, LimitsProperties limits) {
		this.listens = listens;
		this.limits = limits;
		this.dispatcher = dispatcher;
		this.lifecycle = lifecycle;
		this.sessions = sessions;
		this.streams = streams;
		this.json = json;
	}

	/**
	 * Answers JSON-RPC messages, after checks in the order the transport spec implies:
	 * the body must be JSON-RPC, the version header one we speak, the answer format one
	 * the client accepts; {@code initialize} then starts a session, anything else needs a
	 * live session whose negotiated version the header does not exceed, and a batch must
	 * be allowed by that version. The first check that fails answers alone.
	 */
	@PostMapping(path = "/mcp", consumes = MediaType.ALL_VALUE)
	Object post(@RequestBody(required = false) byte[] body,
			@RequestHeader(name = SESSION_HEADER, required = false) String sessionId,
			@RequestHeader(name = VERSION_HEADER, required = false) String versionHeader,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept, HttpServletRequest request) {
		try {
			JsonNode message = parseBody(body);
			if (isTemporaryModern(message, versionHeader)) {
				return temporaryModern(message, accept, request.getRemoteAddr());
			}
			checkVersionHeaderIsSupported(versionHeader);
			AnswerFormat format = checkAccept(accept);
			if (isInitialize(message)) {
				return initialize(message, format);
			}
			McpSession session = resolveSession(sessionId);
			checkVersionHeaderAgainstSession(versionHeader, session);
			McpContext context = new McpContext(session, headerPrincipal(), session.protocolVersion());
			CompletableFuture<byte[]> answer;
			if (message.isArray()) {
				checkBatch(message, session.protocolVersion());
				answer = batch(message, context);
			}
			else {
				answer = this.dispatcher.dispatch(message, context)
					.thenApply((response) -> response.map(this::bytes).orElse(null));
			}
			return respond(answer, format);
		}
		catch (Refusal refusal) {
			return fault(refusal.status, refusal.code, refusal.getMessage());
		}
	}

	/**
	 * TEMPORARY (LISTEN branch, until CORE's 2026 path is merged; the lead keeps CORE's
	 * endpoint): a 2026-07-28 request, by header or {@code _meta}.
	 */
	private static boolean isTemporaryModern(JsonNode message, String versionHeader) {
		return "2026-07-28".equals(versionHeader) || (message.isObject()
				&& message.path("params").path("_meta").has("io.modelcontextprotocol/protocolVersion"));
	}

	/**
	 * TEMPORARY: the least of the 2026 path the listen tests need: listen, discover and
	 * stateless calls, without CORE's checks.
	 */
	private Object temporaryModern(JsonNode message, String accept, String remoteAddress) {
		String method = message.path("method").asString("");
		JsonNode params = message.path("params");
		ObjectNode paramsObject = params.isObject() ? (ObjectNode) params : this.json.createObjectNode();
		if ("subscriptions/listen".equals(method)) {
			if (!accepts(accept, EVENT_STREAM)) {
				return fault(HttpStatus.NOT_ACCEPTABLE, JsonRpc.INVALID_REQUEST,
						"subscriptions/listen needs Accept: text/event-stream");
			}
			return this.listens.open(message.get("id"), paramsObject, headerPrincipal(), remoteAddress);
		}
		RequestId id = RequestId.of(message.get("id"));
		if ("server/discover".equals(method)) {
			ObjectNode result = this.json.createObjectNode().put("resultType", "complete");
			result.putArray("supportedVersions").add("2026-07-28");
			result.putObject("capabilities").putObject("resources");
			return respond(bytes(JsonRpcResponse.of(id, result)), AnswerFormat.JSON, null);
		}
		McpContext context = new McpContext(null, headerPrincipal(), "2026-07-28");
		return respond(this.dispatcher.dispatch(message, context)
			.thenApply((response) -> response.map(this::bytes).orElse(null)), AnswerFormat.JSON);
	}

	/** The body as JSON: an object (one message) or an array (a batch). */
	private JsonNode parseBody(byte[] body) {
		JsonNode message;
		try {
			message = (body != null && body.length > 0) ? this.json.readTree(body) : null;
		}
		catch (JacksonException ex) {
			throw new Refusal(HttpStatus.BAD_REQUEST, JsonRpc.PARSE_ERROR, "Parse error: body is not valid UTF-8 JSON");
		}
		if (message == null || message.isMissingNode() || !(message.isObject() || message.isArray())) {
			throw new Refusal(HttpStatus.BAD_REQUEST, JsonRpc.INVALID_REQUEST,
					"Body must be a JSON-RPC message or batch");
		}
		return message;
	}

	/** A version header, when sent, must name a revision we speak. */
	private static void checkVersionHeaderIsSupported(String versionHeader) {
		if (versionHeader != null && !ProtocolVersions.isSupported(versionHeader)) {
			throw new Refusal(HttpStatus.BAD_REQUEST, JsonRpc.INVALID_REQUEST,
					"Unsupported MCP-Protocol-Version; supported: " + String.join(", ", ProtocolVersions.SUPPORTED));
		}
	}

	/**
	 * How to answer: JSON when the client accepts it, otherwise a one-event SSE stream.
	 */
	private static AnswerFormat checkAccept(String accept) {
		if (accepts(accept, MediaType.APPLICATION_JSON)) {
			return AnswerFormat.JSON;
		}
		if (accepts(accept, EVENT_STREAM)) {
			return AnswerFormat.EVENT_STREAM;
		}
		throw new Refusal(HttpStatus.NOT_ACCEPTABLE, JsonRpc.INVALID_REQUEST,
				"Accept must include application/json or text/event-stream");
	}

	/** The live MCP session the request names. */
	private McpSession resolveSession(String sessionId) {
		if (sessionId == null) {
			throw new Refusal(HttpStatus.BAD_REQUEST, JsonRpc.SERVER_ERROR,
					"Missing Mcp-Session-Id header; send initialize first");
		}
		return this.sessions.find(sessionId)
			.orElseThrow(() -> new Refusal(HttpStatus.NOT_FOUND, JsonRpc.SERVER_ERROR,
					"Unknown or expired MCP session; initialize again"));
	}

	/**
	 * The negotiated version governs every request of the session. A header naming an
	 * older revision is tolerated (the official conformance suite sends 2025-03-26 on a
	 * 2025-11-25 session); one naming a newer revision than negotiated is refused.
	 */
	private static void checkVersionHeaderAgainstSession(String versionHeader, McpSession session) {
		String version = session.protocolVersion();
		if (versionHeader != null && versionHeader.compareTo(version) > 0) {
			throw new Refusal(HttpStatus.BAD_REQUEST, JsonRpc.INVALID_REQUEST, "MCP-Protocol-Version " + versionHeader
					+ " is newer than " + version + ", the version negotiated for this session");
		}
	}

	/**
	 * Batches exist only in 2025-03-26 (2025-06-18 removed them), and hold at most
	 * {@link LimitsProperties#batchSize()} messages.
	 */
	private void checkBatch(JsonNode batch, String version) {
		if (!ProtocolVersions.hasBatches(version)) {
			throw new Refusal(HttpStatus.BAD_REQUEST, JsonRpc.INVALID_REQUEST,
					"MCP " + version + " has no JSON-RPC batches; send one message per request");
		}
		if (batch.isEmpty()) {
			throw new Refusal(HttpStatus.BAD_REQUEST, JsonRpc.INVALID_REQUEST, "Empty batch");
		}
		if (batch.size() > this.limits.batchSize()) {
			throw new Refusal(HttpStatus.BAD_REQUEST, JsonRpc.INVALID_REQUEST,
					"A batch holds at most " + this.limits.batchSize() + " messages; this one has " + batch.size());
		}
	}

	/**
	 * The answer now when it is ready, otherwise a {@link DeferredResult} completed when
	 * it is (a waiting tool holds no thread meanwhile).
	 */
	private Object respond(CompletableFuture<byte[]> answer, AnswerFormat format) {
		if (answer.isDone()) {
			return respond(answer.join(), format, null);
		}
		DeferredResult<ResponseEntity<?>> deferred = new DeferredResult<>(ASYNC_TIMEOUT.toMillis(),
				() -> fault(HttpStatus.SERVICE_UNAVAILABLE, JsonRpc.SERVER_ERROR, "The request took too long"));
		answer.whenComplete((bytes, ex) -> deferred.setResult((ex == null) ? respond(bytes, format, null)
				: fault(HttpStatus.INTERNAL_SERVER_ERROR, JsonRpc.INTERNAL_ERROR, "Internal error")));
		return deferred;
	}

	/**
	 * Answers a batch's messages in order, within
	 * {@link LimitsProperties#responseBytes()} for all of them together: once the answers
	 * written so far reach it, the remaining requests are not run and are answered with
	 * an error saying so, so a batch cannot build an answer larger than that.
	 */
	private CompletableFuture<byte[]> batch(JsonNode batch, McpContext context) {
		AtomicLong budget = new AtomicLong(this.limits.responseBytes());
		List<CompletableFuture<byte[]>> answers = new ArrayList<>();
		for (JsonNode element : batch) {
			if (isInitialize(element)) {
				answers.add(CompletableFuture.completedFuture(bytes(JsonRpcError.of(RequestId.of(element.get("id")),
						JsonRpc.INVALID_REQUEST, "initialize cannot be part of a batch"))));
			}
			else if (budget.get() <= 0) {
				answers.add(CompletableFuture.completedFuture(tooLarge(element)));
			}
			else {
				answers.add(this.dispatcher.dispatch(element, context).thenApply((response) -> response.map((r) -> {
					byte[] bytes = bytes(r);
					return (budget.addAndGet(-bytes.length) < 0) ? tooLarge(element) : bytes;
				}).orElse(null)));
			}
		}
		return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply((done) -> {
			int size = 2 + answers.stream().mapToInt((answer) -> {
				byte[] bytes = answer.join();
				return (bytes != null) ? bytes.length + 1 : 0;
			}).sum();
			ByteArrayOutputStream out = new ByteArrayOutputStream(size);
			out.write('[');
			boolean first = true;
			for (CompletableFuture<byte[]> answer : answers) {
				byte[] bytes = answer.join();
				if (bytes != null) {
					if (!first) {
						out.write(',');
					}
					out.writeBytes(bytes);
					first = false;
				}
			}
			out.write(']');
			return first ? null : out.toByteArray();
		});
	}

	private byte[] tooLarge(JsonNode request) {
		return bytes(JsonRpcError.of(RequestId.of(request.get("id")), JsonRpc.SERVER_ERROR,
				"Not run: the answers to this batch reached " + this.limits.responseBytes()
						+ " bytes, the limit of one response; send it again on its own"));
	}

	private byte[] bytes(JsonRpcMessage message) {
		return this.json.writeValueAsBytes(message);
	}

	@GetMapping("/mcp")
	ResponseEntity<?> stream(@RequestHeader(name = SESSION_HEADER, required = false) String sessionId,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
			@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId, HttpServletRequest request) {
		String remoteAddress = request.getRemoteAddr();
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
		SseEmitter emitter;
		try {
			emitter = this.streams.open(sessionId, resumeAfter, headerPrincipal(), remoteAddress);
		}
		catch (LimitExceededException ex) {
			return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
				.header(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()))
				.contentType(MediaType.APPLICATION_JSON)
				.body(this.json.writeValueAsString(JsonRpcError.of(null, JsonRpc.SERVER_ERROR, ex.getMessage())));
		}
		return ResponseEntity.ok()
			.contentType(EVENT_STREAM)
			.header(SESSION_HEADER, sessionId)
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.header("X-Accel-Buffering", "no")
			.body(emitter);
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

	/**
	 * Starts a session: negotiates the version and answers with the session's id in a
	 * header. Read leniently (the {@code jsonrpc} member is not checked), as it has been
	 * since the first release; only an id is required.
	 */
	private ResponseEntity<?> initialize(JsonNode message, AnswerFormat format) {
		RequestId id = RequestId.of(message.get("id"));
		if (id == null) {
			throw new Refusal(HttpStatus.BAD_REQUEST, JsonRpc.INVALID_REQUEST,
					"initialize must be a request with an id");
		}
		InitializeParams params = InitializeParams.from(message.path("params"));
		String version = ProtocolVersions.negotiate(params.protocolVersion());
		McpSession session = this.sessions.create(version, params.clientInfo().name(), params.clientInfo().version());
		return respond(bytes(JsonRpcResponse.of(id, this.lifecycle.initializeResult(version))), format, session.id());
	}

	/** The answer as JSON or as a one-event SSE stream; 202 when there is none. */
	private ResponseEntity<?> respond(byte[] answer, AnswerFormat format, String newSessionId) {
		if (answer == null) {
			return ResponseEntity.accepted().build();
		}
		ResponseEntity.BodyBuilder response = ResponseEntity.ok();
		if (newSessionId != null) {
			response.header(SESSION_HEADER, newSessionId);
		}
		if (format == AnswerFormat.JSON) {
			return response.contentType(MediaType.APPLICATION_JSON).body(answer);
		}
		ByteArrayOutputStream event = new ByteArrayOutputStream(answer.length + 32);
		event.writeBytes(SSE_MESSAGE_START);
		event.writeBytes(answer);
		event.writeBytes(SSE_MESSAGE_END);
		return response.contentType(EVENT_STREAM)
			.header(HttpHeaders.CACHE_CONTROL, "no-cache")
			.body(event.toByteArray());
	}

	private ResponseEntity<String> fault(HttpStatus status, int code, String message) {
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.body(this.json.writeValueAsString(JsonRpcError.of(null, code, message)));
	}

	private static boolean isInitialize(JsonNode message) {
		return message.isObject() && "initialize".equals(message.path("method").asString(null));
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

	/** How a POST is answered. */
	private enum AnswerFormat {

		JSON, EVENT_STREAM

	}

	/**
	 * A check of {@link #post} that failed: answered with this status and a JSON-RPC
	 * error without an id.
	 */
	private static final class Refusal extends RuntimeException {

		private final HttpStatus status;

		private final int code;

		Refusal(HttpStatus status, int code, String message) {
			super(message, null, false, false);
			this.status = status;
			this.code = code;
		}

	}

}
