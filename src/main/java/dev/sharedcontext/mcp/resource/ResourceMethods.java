package dev.sharedcontext.mcp.resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.mcp.protocol.CompleteParams;
import dev.sharedcontext.mcp.protocol.CompleteResult;
import dev.sharedcontext.mcp.protocol.EmptyResult;
import dev.sharedcontext.mcp.protocol.JsonRpc;
import dev.sharedcontext.mcp.protocol.ListResourceTemplatesResult;
import dev.sharedcontext.mcp.protocol.ListResourcesResult;
import dev.sharedcontext.mcp.protocol.McpContext;
import dev.sharedcontext.mcp.protocol.McpMethod;
import dev.sharedcontext.mcp.protocol.McpMethods;
import dev.sharedcontext.mcp.protocol.ReadResourceResult;
import dev.sharedcontext.mcp.protocol.ReadResourceResult.TextResourceContents;
import dev.sharedcontext.mcp.protocol.Resource;
import dev.sharedcontext.mcp.protocol.ResourceTemplate;
import dev.sharedcontext.mcp.protocol.ResourceUriParams;
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
public class ResourceMethods implements McpMethods {

	static final String SESSION_TEMPLATE = "session://{session_id}";

	static final String MEMORY_TEMPLATE = "agent://{agent_id}/memory";

	private static final Pattern SESSION_URI = Pattern.compile("session://(session_[a-f0-9]{16})");

	private static final Pattern MEMORY_URI = Pattern.compile("agent://([^/]{1,100})/memory");

	private static final int RESOURCE_MESSAGES = 100;

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

	@Override
	public Map<String, McpMethod> methods() {
		return Map.of("resources/list", McpMethod.immediate(this::list), "resources/templates/list",
				McpMethod.immediate(this::listTemplates), "resources/read",
				McpMethod.immediate(ResourceUriParams::from, this::read), "resources/subscribe",
				McpMethod.immediate(ResourceUriParams::from, this::subscribe), "resources/unsubscribe",
				McpMethod.immediate(ResourceUriParams::from, this::unsubscribe), "completion/complete",
				McpMethod.immediate(CompleteParams::from, this::complete));
	}

	ListResourcesResult list(McpContext context) {
		List<Resource> list = new ArrayList<>();
		AgentPrincipal caller = context.headerPrincipal();
		if (caller == null) {
			return new ListResourcesResult(list);
		}
		try {
			SessionPage page = this.sessions.list(caller, 100, 0, false);
			for (Session session : page.sessions()) {
				list.add(new Resource("session://" + session.id(), session.id(), abbreviate(session.purpose()),
						"Session '" + abbreviate(session.purpose()) + "' with " + session.messageCount()
								+ " messages visible to you",
						"application/json"));
			}
		}
		catch (ApiException ex) {
			// a token without read lists nothing
		}
		return new ListResourcesResult(list);
	}

	ListResourceTemplatesResult listTemplates(McpContext context) {
		return new ListResourceTemplatesResult(List.of(
				new ResourceTemplate(SESSION_TEMPLATE, "session", "Shared session",
						"A session with the messages you may see (latest " + RESOURCE_MESSAGES
								+ ") and statistics. Subscribe to be notified of new messages you may see.",
						"application/json"),
				new ResourceTemplate(MEMORY_TEMPLATE, "agent-memory", "Your agent memory",
						"Your own global memory entries (only your own agent_id can be read)", "application/json")));
	}

	ReadResourceResult read(ResourceUriParams params, McpContext context) {
		String uri = params.uri();
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
			return contents(uri, this.json.writeValueAsString(body));
		}
		catch (ApiException ex) {
			throw new JsonRpc.Fault(JsonRpc.RESOURCE_NOT_FOUND, "Resource not found: " + ex.getMessage());
		}
	}

	/**
	 * Another agent's memory is indistinguishable from an empty or absent one: not found,
	 * no hint.
	 */
	private ReadResourceResult readMemory(String uri, String agentId, AgentPrincipal caller) {
		if (!agentId.equals(caller.agentId())) {
			throw new JsonRpc.Fault(JsonRpc.RESOURCE_NOT_FOUND,
					"Resource not found: you can only read your own memory");
		}
		try {
			MemoryPage page = this.memory.list(caller, null, null, 1000);
			return contents(uri, this.json.writeValueAsString(Map.of("agent_id", agentId, "entries", page.entries(),
					"count", page.count(), "has_more", page.hasMore())));
		}
		catch (ApiException ex) {
			throw new JsonRpc.Fault(JsonRpc.RESOURCE_NOT_FOUND, "Resource not found: " + ex.getMessage());
		}
	}

	private static ReadResourceResult contents(String uri, String json) {
		return new ReadResourceResult(List.of(new TextResourceContents(uri, "application/json", json)));
	}

	EmptyResult subscribe(ResourceUriParams params, McpContext context) {
		String uri = params.uri();
		String sessionId = subscribableSession(uri, context.headerPrincipal());
		this.subscriptions.subscribe(context.session().id(), uri, sessionId, context.headerPrincipal());
		return EmptyResult.INSTANCE;
	}

	/**
	 * Whether {@code caller} may be told of updates to {@code uri}: it must name a
	 * session the caller may read. The one check for 2025 {@code resources/subscribe} and
	 * 2026 {@code subscriptions/listen}.
	 * @param caller the agent of the bearer token, or {@code null}
	 * @return the session's id
	 * @throws JsonRpc.Fault {@code -32602} without a caller;
	 * {@link JsonRpc#RESOURCE_NOT_FOUND} for anything that is not such a session
	 */
	public String subscribableSession(String uri, AgentPrincipal caller) {
		String sessionId = sessionIdOf(uri);
		requireCaller(caller);
		try {
			this.sessions.get(caller, sessionId);
		}
		catch (ApiException ex) {
			throw new JsonRpc.Fault(JsonRpc.RESOURCE_NOT_FOUND, "Resource not found: " + ex.getMessage());
		}
		return sessionId;
	}

	EmptyResult unsubscribe(ResourceUriParams params, McpContext context) {
		this.subscriptions.unsubscribe(context.session().id(), params.uri());
		return EmptyResult.INSTANCE;
	}

	/**
	 * Completes {@code session_id} arguments (of the session template and of prompts)
	 * with visible sessions.
	 */
	CompleteResult complete(CompleteParams params, McpContext context) {
		String argument = params.argument().name();
		String prefix = params.argument().value();
		List<String> values = List.of();
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
				values = ids.stream().limit(100).toList();
			}
			catch (ApiException ex) {
				// no read permission: nothing to offer
			}
		}
		return new CompleteResult(new CompleteResult.Completion(values, total, total > values.size()));
	}

	private static AgentPrincipal requireCaller(McpContext context) {
		return requireCaller(context.headerPrincipal());
	}

	private static AgentPrincipal requireCaller(AgentPrincipal caller) {
		if (caller == null) {
			throw new JsonRpc.Fault(JsonRpc.INVALID_PARAMS,
					"Resources need 'Authorization: Bearer <token>' on the MCP connection (get one with authenticate_agent)");
		}
		return caller;
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
