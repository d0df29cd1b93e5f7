package dev.sharedcontext.mcp.resource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.mcp.JsonRpc;
import dev.sharedcontext.mcp.McpContext;
import dev.sharedcontext.memory.MemoryPage;
import dev.sharedcontext.memory.MemoryService;
import dev.sharedcontext.message.MessagePage;
import dev.sharedcontext.message.MessageQuery;
import dev.sharedcontext.message.MessageService;
import dev.sharedcontext.session.Session;
import dev.sharedcontext.session.SessionIds;
import dev.sharedcontext.session.SessionPage;
import dev.sharedcontext.session.SessionService;
import dev.sharedcontext.web.ApiException;

/**
 * Resources: {@code session://{session_id}} (the session, the caller's visible messages
 * and statistics) as a template and as a list of recent sessions; subscriptions to them;
 * and {@code completion/complete} of session ids. Resource reads act as the connection's
 * bearer token (resources have no arguments to carry one).
 */
@Component
public class ResourceMethods {

	static final String SESSION_TEMPLATE = "session://{session_id}";

	static final String MEMORY_TEMPLATE = "agent://{agent_id}/memory";

	private static final Pattern SESSION_URI = Pattern.compile("session://(session_[a-f0-9]{16})");

	private static final Pattern MEMORY_URI = Pattern.compile("agent://([^/]{1,100})/memory");

	private static final int RESOURCE_MESSAGES = 100;

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final SessionService sessions;

	private final MessageService messages;

	private final MemoryService memory;

	private final SubscriptionRegistry subscriptions;

	private final JsonMapper json;

	ResourceMethods(SessionService sessions, MessageService messages, MemoryService memory,
			SubscriptionRegistry subscriptions, JsonMapper json) {
		this.sessions = sessions;
		this.messages = messages;
		this.memory = memory;
		this.subscriptions = subscriptions;
		this.json = json;
	}

	public JsonNode list(JsonNode params, McpContext context) {
		ObjectNode result = NODES.objectNode();
		ArrayNode list = result.putArray("resources");
		AgentPrincipal caller = context.headerPrincipal();
		if (caller == null) {
			return result;
		}
		try {
			SessionPage page = this.sessions.list(caller, 100, 0, false);
			for (Session session : page.sessions()) {
				list.addObject()
					.put("uri", "session://" + session.id())
					.put("name", session.id())
					.put("title", abbreviate(session.purpose()))
					.put("description",
							"Session '" + abbreviate(session.purpose()) + "' with " + session.messageCount()
									+ " messages visible to you")
					.put("mimeType", "application/json");
			}
		}
		catch (ApiException ex) {
			// a token without read lists nothing
		}
		return result;
	}

	public JsonNode listTemplates(JsonNode params, McpContext context) {
		ObjectNode result = NODES.objectNode();
		result.putArray("resourceTemplates")
			.addObject()
			.put("uriTemplate", SESSION_TEMPLATE)
			.put("name", "session")
			.put("title", "Shared session")
			.put("description",
					"A session with the messages you may see (latest " + RESOURCE_MESSAGES
							+ ") and statistics. Subscribe to be notified of new messages you may see.")
			.put("mimeType", "application/json");
		((ArrayNode) result.get("resourceTemplates")).addObject()
			.put("uriTemplate", MEMORY_TEMPLATE)
			.put("name", "agent-memory")
			.put("title", "Your agent memory")
			.put("description", "Your own global memory entries (only your own agent_id can be read)")
			.put("mimeType", "application/json");
		return result;
	}

	public JsonNode read(JsonNode params, McpContext context) {
		String uri = uri(params);
		AgentPrincipal caller = requireCaller(context);
		Matcher memoryUri = MEMORY_URI.matcher(uri);
		if (memoryUri.matches()) {
			return readMemory(uri, memoryUri.group(1), caller);
		}
		String sessionId = sessionIdOf(uri);
		try {
			Session session = this.sessions.get(caller, sessionId);
			int offset = (int) Math.max(0, session.messageCount() - RESOURCE_MESSAGES);
			MessagePage page = this.messages.list(caller, sessionId,
					new MessageQuery(RESOURCE_MESSAGES, offset, null, null));
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("session", session);
			body.put("messages", page.messages());
			body.put("statistics", Map.of("message_count", session.messageCount(), "included_messages",
					page.messages().size(), "last_activity", session.updatedAt()));
			ObjectNode result = NODES.objectNode();
			result.putArray("contents")
				.addObject()
				.put("uri", uri)
				.put("mimeType", "application/json")
				.put("text", this.json.writeValueAsString(body));
			return result;
		}
		catch (ApiException ex) {
			throw new JsonRpc.Fault(JsonRpc.RESOURCE_NOT_FOUND, "Resource not found: " + ex.getMessage());
		}
	}

	/**
	 * Another agent's memory is indistinguishable from an empty or absent one: not found,
	 * no hint.
	 */
	private JsonNode readMemory(String uri, String agentId, AgentPrincipal caller) {
		if (!agentId.equals(caller.agentId())) {
			throw new JsonRpc.Fault(JsonRpc.RESOURCE_NOT_FOUND,
					"Resource not found: you can only read your own memory");
		}
		try {
			MemoryPage page = this.memory.list(caller, null, null, 1000);
			ObjectNode result = NODES.objectNode();
			result.putArray("contents")
				.addObject()
				.put("uri", uri)
				.put("mimeType", "application/json")
				.put("text", this.json.writeValueAsString(Map.of("agent_id", agentId, "entries", page.entries(),
						"count", page.count(), "has_more", page.hasMore())));
			return result;
		}
		catch (ApiException ex) {
			throw new JsonRpc.Fault(JsonRpc.RESOURCE_NOT_FOUND, "Resource not found: " + ex.getMessage());
		}
	}

	public JsonNode subscribe(JsonNode params, McpContext context) {
		String uri = uri(params);
		String sessionId = sessionIdOf(uri);
		AgentPrincipal caller = requireCaller(context);
		try {
			this.sessions.get(caller, sessionId);
		}
		catch (ApiException ex) {
			throw new JsonRpc.Fault(JsonRpc.RESOURCE_NOT_FOUND, "Resource not found: " + ex.getMessage());
		}
		this.subscriptions.subscribe(context.session().id(), uri, sessionId, caller);
		return NODES.objectNode();
	}

	public JsonNode unsubscribe(JsonNode params, McpContext context) {
		this.subscriptions.unsubscribe(context.session().id(), uri(params));
		return NODES.objectNode();
	}

	/**
	 * Completes {@code session_id} arguments (of the session template and of prompts)
	 * with visible sessions.
	 */
	public JsonNode complete(JsonNode params, McpContext context) {
		String argument = params.path("argument").path("name").asString("");
		String prefix = params.path("argument").path("value").asString("");
		ArrayNode values = NODES.arrayNode();
		AgentPrincipal caller = context.headerPrincipal();
		int total = 0;
		if ("session_id".equals(argument) && caller != null) {
			try {
				List<String> ids = this.sessions.list(caller, 1000, 0, false)
					.sessions()
					.stream()
					.map(Session::id)
					.filter((id) -> id.startsWith(prefix))
					.toList();
				total = ids.size();
				ids.stream().limit(100).forEach(values::add);
			}
			catch (ApiException ex) {
				// no read permission: nothing to offer
			}
		}
		ObjectNode result = NODES.objectNode();
		ObjectNode completion = result.putObject("completion");
		completion.set("values", values);
		completion.put("total", total);
		completion.put("hasMore", total > values.size());
		return result;
	}

	private static AgentPrincipal requireCaller(McpContext context) {
		if (context.headerPrincipal() == null) {
			throw new JsonRpc.Fault(JsonRpc.INVALID_PARAMS,
					"Resources need 'Authorization: Bearer <token>' on the MCP connection (get one with authenticate_agent)");
		}
		return context.headerPrincipal();
	}

	private static String uri(JsonNode params) {
		JsonNode uri = params.get("uri");
		if (uri == null || !uri.isString()) {
			throw new JsonRpc.Fault(JsonRpc.INVALID_PARAMS, "params.uri is required");
		}
		return uri.asString();
	}

	private static String sessionIdOf(String uri) {
		Matcher matcher = SESSION_URI.matcher(uri);
		if (!matcher.matches() || !SessionIds.isValid(matcher.group(1))) {
			throw new JsonRpc.Fault(JsonRpc.RESOURCE_NOT_FOUND,
					"Resource not found: expected session://session_<16 hex>");
		}
		return matcher.group(1);
	}

	private static String abbreviate(String text) {
		return (text.length() > 80) ? text.substring(0, 77) + "..." : text;
	}

}
