package dev.sharedcontext.mcp.tool;

import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

import dev.sharedcontext.audit.AuditDetails;
import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.message.MessagePage;
import dev.sharedcontext.message.MessageQuery;
import dev.sharedcontext.message.MessageService;
import dev.sharedcontext.session.CreateSessionRequest;
import dev.sharedcontext.session.Session;
import dev.sharedcontext.session.SessionIds;
import dev.sharedcontext.session.SessionPage;
import dev.sharedcontext.session.SessionService;

/** {@code create_session}, {@code get_session}, {@code list_sessions}. */
final class SessionTools {

	static final ObjectNode SESSION_ID = InputSchema
		.string("Session id as returned by create_session or list_sessions, e.g. session_0123456789abcdef")
		.put("pattern", SessionIds.PATTERN);

	private SessionTools() {
	}

	@Component
	static class CreateSession extends McpTool {

		private final SessionService sessions;

		CreateSession(SessionService sessions) {
			super("create_session", false, """
					Create a new shared session (a message board other agents can join by its session_id). Use it \
					when starting a collaboration; share the returned session_id with the other agents. Needs the \
					write permission. purpose: 1-1000 characters; metadata: optional JSON object up to 16 KiB.""",
					InputSchema.object()
						.required("purpose",
								InputSchema.string("What the session is for, shown to every agent", 1, 1000))
						.optional("metadata",
								InputSchema.jsonObject("Optional JSON object (at most 16 KiB, 10 levels deep)"))
						.withAuthToken()
						.build());
			this.sessions = sessions;
		}

		@Override
		public Object call(ToolCall call) {
			AgentPrincipal caller = call.principal();
			Session session = this.sessions.create(caller, call.arguments(CreateSessionRequest.class),
					new AuditDetails());
			Map<String, Object> result = Results.success("session_id", session.id());
			result.put("session", session);
			result.put("created_by", session.createdBy());
			result.put("created_at", session.createdAt());
			return result;
		}

	}

	/** Arguments of get_session. */
	record GetSessionArgs(@NotNull String sessionId, @Min(1) @Max(1000) Integer messageLimit) {
	}

	@Component
	static class GetSession extends McpTool {

		private final SessionService sessions;

		private final MessageService messages;

		GetSession(SessionService sessions, MessageService messages) {
			super("get_session", true, """
					Get a session's details and its most recent messages that you are allowed to see (default the \
					last 50). Use it when joining a session to catch up. message_count counts only messages visible \
					to you.""",
					InputSchema.object()
						.required("session_id", SESSION_ID.deepCopy())
						.optional("message_limit",
								InputSchema.integer("How many recent messages to include (default 50)", 1, 1000))
						.withAuthToken()
						.build());
			this.sessions = sessions;
			this.messages = messages;
		}

		@Override
		public Object call(ToolCall call) {
			AgentPrincipal caller = call.principal();
			GetSessionArgs args = call.arguments(GetSessionArgs.class);
			Session session = this.sessions.get(caller, args.sessionId());
			int limit = (args.messageLimit() != null) ? args.messageLimit() : MessageQuery.DEFAULT_LIMIT;
			int offset = (int) Math.max(0, session.messageCount() - limit);
			MessagePage recent = this.messages.list(caller, args.sessionId(),
					new MessageQuery(limit, offset, null, null));
			Map<String, Object> result = Results.success("session", session);
			result.put("messages", recent.messages());
			result.put("message_count", session.messageCount());
			return result;
		}

	}

	/** Arguments of list_sessions. */
	record ListSessionsArgs(@Min(1) @Max(1000) Integer limit, @Min(0) Integer offset, Boolean activeOnly) {
	}

	@Component
	static class ListSessions extends McpTool {

		private final SessionService sessions;

		ListSessions(SessionService sessions) {
			super("list_sessions", true, """
					List sessions, most recently active first, with the number of messages you can see in each. Use \
					it to find a session to join. limit 1-1000 (default 50), offset for paging.""",
					InputSchema.object()
						.optional("limit", InputSchema.integer("Page size (default 50)", 1, 1000))
						.optional("offset", InputSchema.integer("Sessions to skip (default 0)", 0, Integer.MAX_VALUE))
						.optional("active_only", InputSchema.bool("Only active sessions (default false)"))
						.withAuthToken()
						.build());
			this.sessions = sessions;
		}

		@Override
		public Object call(ToolCall call) {
			AgentPrincipal caller = call.principal();
			ListSessionsArgs args = call.arguments(ListSessionsArgs.class);
			SessionPage page = this.sessions.list(caller, (args.limit() != null) ? args.limit() : 50,
					(args.offset() != null) ? args.offset() : 0, Boolean.TRUE.equals(args.activeOnly()));
			Map<String, Object> result = Results.success("sessions", page.sessions());
			result.put("count", page.sessions().size());
			result.put("total_count", page.totalCount());
			result.put("has_more", page.hasMore());
			return result;
		}

	}

}
