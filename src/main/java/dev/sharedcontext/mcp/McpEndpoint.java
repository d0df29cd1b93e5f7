package dev.sharedcontext.mcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.http.HttpServletRequest;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
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
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.sharedcontext.auth.AgentAuthentication;
import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.limits.LimitExceededException;
import dev.sharedcontext.limits.LimitsProperties;
import dev.sharedcontext.mcp.protocol.Cancellation;
import dev.sharedcontext.mcp.protocol.InitializeParams;
import dev.sharedcontext.mcp.protocol.JsonRpc;
import dev.sharedcontext.mcp.protocol.JsonRpcError;
import dev.sharedcontext.mcp.protocol.JsonRpcMessage;
import dev.sharedcontext.mcp.protocol.JsonRpcNotification;
import dev.sharedcontext.mcp.protocol.JsonRpcRequest;
import dev.sharedcontext.mcp.protocol.JsonRpcResponse;
import dev.sharedcontext.mcp.protocol.McpContext;
import dev.sharedcontext.mcp.protocol.McpContext.Era;
import dev.sharedcontext.mcp.protocol.McpSession;
import dev.sharedcontext.mcp.protocol.RequestId;
import dev.sharedcontext.mcp.protocol.RequestMeta;
import dev.sharedcontext.web.RequestBodyFilter;

/**
 * MCP Streamable HTTP at {@code /mcp}, both eras on one endpoint, chosen per request:
 * <ul>
 * <li>the handshake era (2025-03-26, 2025-06-18, 2025-11-25): {@code initialize} starts
 * an {@code Mcp-Session-Id} session; POST carries JSON-RPC messages of the session and is
 * answered as JSON or as a one-shot SSE stream depending on {@code Accept}; GET opens the
 * server-to-client SSE stream; DELETE ends the session;</li>
 * <li>the stateless era (2026-07-28): every POST carries one request whose
 * {@code params._meta} names the revision and the client's capabilities, and whose
 * {@code MCP-Protocol-Version}, {@code Mcp-Method} and {@code Mcp-Name} headers repeat
 * the body; no session is read, minted or echoed, so any replica can answer any request;
 * {@code subscriptions/listen} replaces the GET stream.</li>
 * </ul>
 * A request is stateless when its {@code MCP-Protocol-Version} header is present and not
 * a handshake-era revision, or when its {@code params._meta} names a protocol version;
 * every other request runs exactly as before the stateless revision existed, except that
 * an unsupported version header is answered with {@code -32022} in both eras. The
 * security filter chain has already checked the API key and, when present, the bearer
 * token, in both eras alike.
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

	private final JsonMapper json;

	static final String METHOD_HEADER = "Mcp-Method";

	static final String NAME_HEADER = "Mcp-Name";

	/** The body member that {@code Mcp-Name} repeats, per method that requires it. */
	private static final Map<String, String> NAMED_BY = Map.of("tools/call", "name", "prompts/get", "name",
			"resources/read", "uri");

	/** The method the endpoint hands to {@link ListenStreams}. */
	private static final String LISTEN_METHOD = "subscriptions/listen";

	private static final String BASE64_PREFIX = "=?base64?";

	private static final String BASE64_SUFFIX = "?=";

	private final LimitsProperties limits;

	private final ListenStreams listens;

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
	 * Answers a POST: the body must be JSON; then the request's era decides which checks
	 * follow ({@link #postModern} or {@link #postLegacy}).
	 */
	@PostMapping(path = "/mcp", consumes = MediaType.ALL_VALUE)
	Object post(HttpServletRequest request) throws IOException {
		byte[] body = body(request);
		String sessionId = header(request, SESSION_HEADER);
		String versionHeader = header(request, VERSION_HEADER);
		String methodHeader = header(request, METHOD_HEADER);
		String nameHeader = header(request, NAME_HEADER);
		String accept = header(request, HttpHeaders.ACCEPT);
		try {
			JsonNode message = parseBody(body);
			if (isModern(message, versionHeader)) {
				return postModern(message, new MetadataHeaders(versionHeader, methodHeader, nameHeader), accept,
						request.getRemoteAddr());
			}
			return postLegacy(message, sessionId, versionHeader, accept);
		}
		catch (Refusal refusal) {
			return fault(refusal);
		}
	}

	/**
	 * The body {@link RequestBodyFilter} read and checked, or, without that filter, the
	 * body as sent. Taken here rather than through {@code @RequestBody}, which copies it
	 * once more through a message converter on every call.
	 */
	private static byte[] body(HttpServletRequest request) throws IOException {
		return (request.getAttribute(RequestBodyFilter.MCP_BODY) instanceof byte[] read) ? read
				: request.getInputStream().readAllBytes();
	}

	/**
	 * A header as {@code @RequestHeader String} would bind it: {@code null} when absent,
	 * several values joined with commas. Read directly: argument resolution per header
	 * was a visible share of each call.
	 */
	static String header(HttpServletRequest request, String name) {
		Enumeration<String> values = request.getHeaders(name);
		if (values == null || !values.hasMoreElements()) {
			return null;
		}
		String first = values.nextElement();
		if (!values.hasMoreElements()) {
			return first;
		}
		StringBuilder joined = new StringBuilder(first);
		while (values.hasMoreElements()) {
			joined.append(',').append(values.nextElement());
		}
		return joined.toString();
	}

	/**
	 * Whether the stateless revision serves this message: its version header names no
	 * handshake-era revision (an unknown version is the stateless era's to refuse, with
	 * its error), or its {@code params._meta} names a protocol version.
	 */
	private static boolean isModern(JsonNode message, String versionHeader) {
		return (versionHeader != null && !ProtocolVersions.isLegacy(versionHeader))
				|| (message.isObject() && RequestMeta.isPresent(message));
	}

	/**
	 * A handshake-era POST, after checks in the order the transport spec implies: the
	 * version header one we speak, the answer format one the client accepts;
	 * {@code initialize} then starts a session, anything else needs a live session whose
	 * negotiated version the header does not exceed, and a batch must be allowed by that
	 * version. The first check that fails answers alone.
	 */
	private Object postLegacy(JsonNode message, String sessionId, String versionHeader, String accept) {
		checkVersionHeaderIsSupported(versionHeader);
		AnswerFormat format = checkAccept(accept, null);
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
		return respond(answer, format, context.cancellation());
	}

	/**
	 * A stateless (2026-07-28) POST, after the revision's checks in this order, the first
	 * that fails answering alone with HTTP 400 and the request's id: one request or
	 * notification per body (a notification is then accepted with 202); {@code _meta}
	 * with the version and client capabilities ({@code -32602}); the metadata headers
	 * equal to the body ({@code -32020}, before the version is judged, so a header that
	 * disagrees with the body is reported as such); the version one we serve
	 * ({@code -32022}); an answer format the client accepts (406). No MCP session is
	 * used: {@code Mcp-Session-Id} is ignored. The dispatcher's error codes map to HTTP
	 * statuses by {@link #statusOf}.
	 */
	private Object postModern(JsonNode message, MetadataHeaders headers, String accept, String remoteAddress) {
		JsonRpcRequest request = checkSingleRequest(message, headers.version());
		if (request == null) {
			return ResponseEntity.accepted().build();
		}
		RequestMeta meta = checkMeta(request, headers.version());
		checkHeadersMatchBody(request, meta, headers);
		checkModernVersion(meta, request.id());
		AnswerFormat format = checkAccept(accept, request.id());
		if (LISTEN_METHOD.equals(request.method())) {
			if (!accepts(accept, EVENT_STREAM)) {
				throw new Refusal(HttpStatus.NOT_ACCEPTABLE, JsonRpc.INVALID_REQUEST,
						"subscriptions/listen answers with an SSE stream: Accept must include text/event-stream",
						request.id(), null);
			}
			return this.listens.open(message.get("id"), request.paramsObject(), headerPrincipal(), remoteAddress);
		}
		McpContext context = new McpContext(null, headerPrincipal(), ProtocolVersions.MODERN, Era.MODERN,
				meta.clientInfo(), meta.clientCapabilities(), new Cancellation());
		return respondModern(this.dispatcher.dispatch(message, context), format, request.id(), context.cancellation());
	}

	/**
	 * The body holds one JSON-RPC request, or a notification, which is accepted when its
	 * version is served ({@code null} is returned for it). "The body of the HTTP POST
	 * MUST be a single JSON-RPC request or notification": no batch, no response.
	 */
	private JsonRpcRequest checkSingleRequest(JsonNode message, String versionHeader) {
		if (!message.isObject()) {
			throw new Refusal(HttpStatus.BAD_REQUEST, JsonRpc.INVALID_REQUEST, "MCP " + ProtocolVersions.MODERN
					+ " takes one JSON-RPC request or notification per POST, " + "not a batch");
		}
		JsonRpcMessage parsed;
		try {
			parsed = JsonRpcMessage.parse(message);
		}
		catch (JsonRpc.Fault fault) {
			throw new Refusal(HttpStatus.BAD_REQUEST, fault.code(), fault.getMessage(), fault.id(), null);
		}
		if (parsed instanceof JsonRpcRequest request) {
			return request;
		}
		if (parsed instanceof JsonRpcNotification) {
			String version = (versionHeader != null) ? versionHeader
					: message.path("params").path("_meta").path(RequestMeta.PROTOCOL_VERSION).asString(null);
			if (!ProtocolVersions.MODERN.equals(version)) {
				throw unsupportedVersion(version, null);
			}
			return null;
		}
		throw new Refusal(HttpStatus.BAD_REQUEST, JsonRpc.INVALID_REQUEST,
				"A client sends no JSON-RPC responses in MCP " + ProtocolVersions.MODERN,
				RequestId.of(message.get("id")), null);
	}

	/**
	 * The request's {@code _meta} carries the required per-request fields. When it does
	 * not and the version header names a version we do not serve, that is the more useful
	 * answer: the client learns which versions to use.
	 */
	private RequestMeta checkMeta(JsonRpcRequest request, String versionHeader) {
		try {
			return RequestMeta.from(request.params());
		}
		catch (JsonRpc.Fault fault) {
			if (versionHeader != null && !ProtocolVersions.isSupported(versionHeader)) {
				throw unsupportedVersion(versionHeader, request.id());
			}
			throw new Refusal(HttpStatus.BAD_REQUEST, fault.code(), fault.getMessage(), request.id(), null);
		}
	}

	/**
	 * {@code MCP-Protocol-Version}, {@code Mcp-Method} and, for the methods that name a
	 * tool, prompt or resource, {@code Mcp-Name} are present and equal to the body, so an
	 * intermediary that routes on the headers acts on what the server executes.
	 * {@code Mcp-Name} is compared after trimming surrounding whitespace and decoding the
	 * {@code =?base64?…?=} form.
	 */
	private static void checkHeadersMatchBody(JsonRpcRequest request, RequestMeta meta, MetadataHeaders headers) {
		RequestId id = request.id();
		checkHeader(VERSION_HEADER, headers.version(), meta.protocolVersion(), id);
		checkHeader(METHOD_HEADER, headers.method(), request.method(), id);
		String member = NAMED_BY.get(request.method());
		JsonNode named = (member != null && request.params() != null) ? request.params().get(member) : null;
		if (named != null && named.isString()) {
			checkHeader(NAME_HEADER, decodeName(headers.name(), id), named.asString(), id);
		}
	}

	private static void checkHeader(String header, String value, String body, RequestId id) {
		if (value == null) {
			throw new Refusal(HttpStatus.BAD_REQUEST, JsonRpc.HEADER_MISMATCH,
					"Header mismatch: the " + header + " header is required", id, null);
		}
		if (!value.equals(body)) {
			throw new Refusal(HttpStatus.BAD_REQUEST, JsonRpc.HEADER_MISMATCH, "Header mismatch: " + header
					+ " header value '" + excerpt(value) + "' does not match body value '" + excerpt(body) + "'", id,
					null);
		}
	}

	/**
	 * The {@code Mcp-Name} value to compare: trimmed, Base64-decoded when in the sentinel
	 * form, and refused when it holds characters a header may not carry.
	 */
	private static String decodeName(String header, RequestId id) {
		if (header == null) {
			return null;
		}
		String value = header.strip();
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if ((c < 0x20 || c > 0x7e) && c != '\t') {
				throw new Refusal(HttpStatus.BAD_REQUEST, JsonRpc.HEADER_MISMATCH,
						"Header mismatch: the Mcp-Name header holds characters a header may not carry; send "
								+ "=?base64?<UTF-8 in Base64>?= instead",
						id, null);
			}
		}
		if (value.length() >= BASE64_PREFIX.length() + BASE64_SUFFIX.length() && value.startsWith(BASE64_PREFIX)
				&& value.endsWith(BASE64_SUFFIX)) {
			String encoded = value.substring(BASE64_PREFIX.length(), value.length() - BASE64_SUFFIX.length());
			try {
				return StandardCharsets.UTF_8.newDecoder()
					.decode(ByteBuffer.wrap(Base64.getDecoder().decode(encoded)))
					.toString();
			}
			catch (IllegalArgumentException | CharacterCodingException ex) {
				throw new Refusal(HttpStatus.BAD_REQUEST, JsonRpc.HEADER_MISMATCH,
						"Header mismatch: the Mcp-Name header is not valid =?base64?...?= of UTF-8", id, null);
			}
		}
		return value;
	}

	private static String excerpt(String value) {
		return (value.length() > 100) ? value.substring(0, 97) + "..." : value;
	}

	/** The version in {@code _meta} is the stateless revision we serve. */
	private void checkModernVersion(RequestMeta meta, RequestId id) {
		if (!ProtocolVersions.MODERN.equals(meta.protocolVersion())) {
			throw unsupportedVersion(meta.protocolVersion(), id);
		}
	}

	/**
	 * The unsupported-version error of both eras: HTTP 400, {@code -32022}, with the
	 * versions we serve and the one asked for in {@code data}.
	 */
	private Refusal unsupportedVersion(String requested, RequestId id) {
		ObjectNode data = this.json.createObjectNode();
		ArrayNode supported = data.putArray("supported");
		ProtocolVersions.ALL.forEach(supported::add);
		data.put("requested", requested);
		return new Refusal(HttpStatus.BAD_REQUEST, JsonRpc.UNSUPPORTED_PROTOCOL_VERSION,
				"Unsupported protocol version" + ((requested != null) ? " " + excerpt(requested) : "") + "; supported: "
						+ String.join(", ", ProtocolVersions.ALL),
				id, data);
	}

	/**
	 * The HTTP status of a 2026 JSON-RPC error: malformed requests 400, an unknown or
	 * removed method 404 (the revision's "MUST"), any other error 200 with the error in
	 * the body.
	 */
	static HttpStatus statusOf(int code) {
		return switch (code) {
			case JsonRpc.PARSE_ERROR, JsonRpc.INVALID_REQUEST, JsonRpc.INVALID_PARAMS, JsonRpc.HEADER_MISMATCH,
					JsonRpc.MISSING_REQUIRED_CLIENT_CAPABILITY, JsonRpc.UNSUPPORTED_PROTOCOL_VERSION ->
				HttpStatus.BAD_REQUEST;
			case JsonRpc.METHOD_NOT_FOUND -> HttpStatus.NOT_FOUND;
			default -> HttpStatus.OK;
		};
	}

	/**
	 * A 2026 answer: a result as JSON or a one-event SSE stream (as the client accepts),
	 * an error as JSON with the status of {@link #statusOf}. An answer that is not ready
	 * (a waiting tool) is deferred; when the client goes away first the request is
	 * cancelled, so what it holds is released.
	 */
	private Object respondModern(CompletableFuture<Optional<JsonRpcMessage>> answer, AnswerFormat format, RequestId id,
			Cancellation cancellation) {
		if (answer.isDone()) {
			return modernAnswer(answer.join(), format);
		}
		DeferredResult<ResponseEntity<?>> deferred = new DeferredResult<>(ASYNC_TIMEOUT.toMillis(),
				() -> fault(new Refusal(HttpStatus.SERVICE_UNAVAILABLE, JsonRpc.SERVER_ERROR,
						"The request took too long", id, null)));
		cancelWhenDone(deferred, cancellation);
		answer.whenComplete((response, ex) -> deferred.setResult((ex == null) ? modernAnswer(response, format) : fault(
				new Refusal(HttpStatus.INTERNAL_SERVER_ERROR, JsonRpc.INTERNAL_ERROR, "Internal error", id, null))));
		return deferred;
	}

	private ResponseEntity<?> modernAnswer(Optional<JsonRpcMessage> response, AnswerFormat format) {
		if (response.isEmpty()) {
			return ResponseEntity.accepted().build();
		}
		JsonRpcMessage message = response.get();
		HttpStatus status = (message instanceof JsonRpcError error) ? statusOf(error.error().code()) : HttpStatus.OK;
		return respond(status, bytes(message), (status == HttpStatus.OK) ? format : AnswerFormat.JSON, null);
	}

	/**
	 * Signals the request's cancellation once the deferred answer is done for any reason:
	 * sent, timed out, or the client gone (then nothing is waiting for it, and a waiting
	 * tool releases its waiter at once rather than at its deadline). After an answer was
	 * sent the signal changes nothing.
	 */
	private static void cancelWhenDone(DeferredResult<?> deferred, Cancellation cancellation) {
		deferred.onError((ex) -> cancellation.cancel());
		deferred.onTimeout(cancellation::cancel);
		deferred.onCompletion(cancellation::cancel);
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

	/**
	 * A version header, when sent, must name a handshake revision we speak (one of the
	 * handshake era we do not speak, such as 2024-11-05, gets the unsupported-version
	 * error).
	 */
	private void checkVersionHeaderIsSupported(String versionHeader) {
		if (versionHeader != null && !ProtocolVersions.isHandshake(versionHeader)) {
			throw unsupportedVersion(versionHeader, null);
		}
	}

	/**
	 * How to answer: JSON when the client accepts it, otherwise a one-event SSE stream.
	 * @param id the request's id, carried by the refusal (2026), or {@code null}
	 */
	private static AnswerFormat checkAccept(String accept, RequestId id) {
		if (accepts(accept, MediaType.APPLICATION_JSON)) {
			return AnswerFormat.JSON;
		}
		if (accepts(accept, EVENT_STREAM)) {
			return AnswerFormat.EVENT_STREAM;
		}
		throw new Refusal(HttpStatus.NOT_ACCEPTABLE, JsonRpc.INVALID_REQUEST,
				"Accept must include application/json or text/event-stream", id, null);
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
	 * it is (a waiting tool holds no thread meanwhile, and is cancelled when the client
	 * goes away first).
	 */
	private Object respond(CompletableFuture<byte[]> answer, AnswerFormat format, Cancellation cancellation) {
		if (answer.isDone()) {
			return respond(answer.join(), format, null);
		}
		DeferredResult<ResponseEntity<?>> deferred = new DeferredResult<>(ASYNC_TIMEOUT.toMillis(),
				() -> fault(HttpStatus.SERVICE_UNAVAILABLE, JsonRpc.SERVER_ERROR, "The request took too long"));
		cancelWhenDone(deferred, cancellation);
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

	/**
	 * The server-to-client stream of a handshake-era session. The stateless revision has
	 * no GET stream ({@code subscriptions/listen} replaced it): a GET that names that
	 * revision and no session is answered 405.
	 */
	@GetMapping("/mcp")
	ResponseEntity<?> stream(@RequestHeader(name = SESSION_HEADER, required = false) String sessionId,
			@RequestHeader(name = VERSION_HEADER, required = false) String versionHeader,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
			@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId, HttpServletRequest request) {
		if (isStatelessWithoutSession(sessionId, versionHeader)) {
			return methodNotAllowed("GET");
		}
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

	/**
	 * Ends a handshake-era session; a DELETE that names the stateless revision and no
	 * session is answered 405 (that revision has no sessions to end).
	 */
	@DeleteMapping("/mcp")
	ResponseEntity<?> delete(@RequestHeader(name = SESSION_HEADER, required = false) String sessionId,
			@RequestHeader(name = VERSION_HEADER, required = false) String versionHeader) {
		if (isStatelessWithoutSession(sessionId, versionHeader)) {
			return methodNotAllowed("DELETE");
		}
		if (sessionId == null) {
			return fault(HttpStatus.BAD_REQUEST, JsonRpc.SERVER_ERROR, "Missing Mcp-Session-Id header");
		}
		this.streams.close(sessionId);
		if (!this.sessions.delete(sessionId)) {
			return fault(HttpStatus.NOT_FOUND, JsonRpc.SERVER_ERROR, "Unknown or expired MCP session");
		}
		return ResponseEntity.noContent().build();
	}

	private static boolean isStatelessWithoutSession(String sessionId, String versionHeader) {
		return sessionId == null && versionHeader != null && !ProtocolVersions.isLegacy(versionHeader);
	}

	private ResponseEntity<String> methodNotAllowed(String method) {
		return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
			.header(HttpHeaders.ALLOW, "POST")
			.contentType(MediaType.APPLICATION_JSON)
			.body(this.json
				.writeValueAsString(JsonRpcError.of(null, JsonRpc.SERVER_ERROR, method + " /mcp has no meaning in MCP "
						+ ProtocolVersions.MODERN + ": POST requests; subscriptions/listen streams resource updates")));
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
		return respond(HttpStatus.OK, answer, format, newSessionId);
	}

	private ResponseEntity<?> respond(HttpStatus status, byte[] answer, AnswerFormat format, String newSessionId) {
		if (answer == null) {
			return ResponseEntity.accepted().build();
		}
		ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
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
		return fault(new Refusal(status, code, message));
	}

	private ResponseEntity<String> fault(Refusal refusal) {
		return ResponseEntity.status(refusal.status)
			.contentType(MediaType.APPLICATION_JSON)
			.body(this.json
				.writeValueAsString(JsonRpcError.of(refusal.id, refusal.code, refusal.getMessage(), refusal.data)));
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
	 * The metadata headers of a 2026 request, which must repeat its body.
	 *
	 * @param version {@code MCP-Protocol-Version}
	 * @param method {@code Mcp-Method}
	 * @param name {@code Mcp-Name}, as sent
	 */
	private record MetadataHeaders(String version, String method, String name) {
	}

	/**
	 * A check of {@link #post} that failed: answered with this status and a JSON-RPC
	 * error, without an id in the handshake era (as always) and with the request's id in
	 * the stateless one.
	 */
	private static final class Refusal extends RuntimeException {

		private final HttpStatus status;

		private final int code;

		private final transient RequestId id;

		private final transient JsonNode data;

		Refusal(HttpStatus status, int code, String message) {
			this(status, code, message, null, null);
		}

		Refusal(HttpStatus status, int code, String message, RequestId id, JsonNode data) {
			super(message, null, false, false);
			this.status = status;
			this.code = code;
			this.id = id;
			this.data = data;
		}

	}

}
