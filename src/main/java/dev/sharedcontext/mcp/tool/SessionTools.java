package dev.sharedcontext.mcp.tool;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.stereotype.Component;

import dev.sharedcontext.audit.AuditDetails;
import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.message.Message;
import dev.sharedcontext.message.MessagePage;
import dev.sharedcontext.message.MessageQuery;
import dev.sharedcontext.message.MessageService;
import dev.sharedcontext.session.CreateSessionRequest;
import dev.sharedcontext.session.ListSessionsRequest;
import dev.sharedcontext.session.Session;
import dev.sharedcontext.session.SessionIds;
import dev.sharedcontext.session.SessionPage;
import dev.sharedcontext.session.SessionService;

/** {@code create_session}, {@code get_session}, {@code list_sessions}. */
final class SessionTools {

	static final String SESSION_ID = SessionIds.DESCRIPTION;

	private SessionTools() {
	}

	/** Result of create_session. */
	record SessionCreated(String sessionId, Session session, String createdBy, Instant createdAt) {
	}

	@Component
	static class CreateSession extends McpTool {

		private final SessionService sessions;

		CreateSession(SessionService sessions) {
			super(new ToolDefinition("create_session", "Create session", Set.of(Permission.WRITE),
					ToolDefinition.Hints.ADDS, CreateSessionRequest.class, SessionCreated.class,
					"Create a shared session for a collaboration; give the returned session_id to the other agents."));
			this.sessions = sessions;
		}

		@Override
		public Object call(ToolCall call) {
			AgentPrincipal caller = call.principal();
			Session session = this.sessions.create(caller, call.arguments(CreateSessionRequest.class),
					new AuditDetails());
			return new SessionCreated(session.id(), session, session.createdBy(), session.createdAt());
		}

	}

	/** Arguments of get_session. */
	record GetSessionArgs(
			@Schema(description = SESSION_ID) @NotNull @Pattern(regexp = SessionIds.PATTERN) String sessionId,
			@Schema(description = "Recent messages to include (default 50)") @Min(1) @Max(MessageQuery.MAX_LIMIT) Integer messageLimit) {

		GetSessionArgs {
			messageLimit = (messageLimit != null) ? messageLimit : MessageQuery.DEFAULT_LIMIT;
		}

	}

	/** Result of get_session. */
	record SessionView(Session session, List<Message> messages, long messageCount) {
	}

	@Component
	static class GetSession extends McpTool {

		private final SessionService sessions;

		private final MessageService messages;

		GetSession(SessionService sessions, MessageService messages) {
			super(new ToolDefinition("get_session", "Get session", Set.of(Permission.READ), ToolDefinition.Hints.READ,
					GetSessionArgs.class, SessionView.class,
					"A session and its latest messages you may see; use it to catch up when joining. message_count counts only visible ones."));
			this.sessions = sessions;
			this.messages = messages;
		}

		@Override
		public Object call(ToolCall call) {
			AgentPrincipal caller = call.principal();
			GetSessionArgs args = call.arguments(GetSessionArgs.class);
			Session session = this.sessions.get(caller, args.sessionId());
			int limit = args.messageLimit();
			int offset = (int) Math.max(0, session.messageCount() - limit);
			MessagePage recent = this.messages.list(caller, args.sessionId(),
					new MessageQuery(limit, offset, null, null));
			return new SessionView(session, recent.messages(), session.messageCount());
		}

	}

	/** Result of list_sessions. */
	record SessionList(List<Session> sessions, int count, long totalCount, boolean hasMore) {
	}

	@Component
	static class ListSessions extends McpTool {

		private final SessionService sessions;

		ListSessions(SessionService sessions) {
			super(new ToolDefinition("list_sessions", "List sessions", Set.of(Permission.READ),
					ToolDefinition.Hints.READ, ListSessionsRequest.class, SessionList.class,
					"Sessions, most recently active first, with the number of messages you can see in each. Use it to find one to join."));
			this.sessions = sessions;
		}

		@Override
		public Object call(ToolCall call) {
			AgentPrincipal caller = call.principal();
			ListSessionsRequest args = call.arguments(ListSessionsRequest.class);
			SessionPage page = this.sessions.list(caller, args.limit(), args.offset(), args.activeOnly());
			return new SessionList(page.sessions(), page.sessions().size(), page.totalCount(), page.hasMore());
		}

	}

}
