package dev.sharedcontext.message;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.sharedcontext.audit.AuditDetails;
import dev.sharedcontext.audit.AuditSession;
import dev.sharedcontext.audit.Audited;
import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.limits.LimitsProperties;
import dev.sharedcontext.metrics.meters.ServerMeters;
import dev.sharedcontext.ratelimit.RateLimit;
import dev.sharedcontext.ratelimit.RateLimited;
import dev.sharedcontext.session.SessionService;
import dev.sharedcontext.visibility.Visibility;
import dev.sharedcontext.visibility.VisibilityPolicy;
import dev.sharedcontext.visibility.VisibilityPolicy.Viewer;

/**
 * Posting and reading messages under the visibility rules of SPEC §5. Reads filter in SQL
 * with {@link VisibilityPolicy}, so a message the caller may not see is never loaded,
 * counted or hinted at.
 */
@Service
public class MessageService {

	private final MessageRepository messages;

	private final SessionService sessions;

	private final MessageWriter writer;

	private final MessageWaits waits;

	private final JsonMapper json;

	private final LimitsProperties limits;

	private final ServerMeters meters;

	MessageService(MessageRepository messages, SessionService sessions, MessageWriter writer, MessageWaits waits,
			JsonMapper json, LimitsProperties limits, ServerMeters meters) {
		this.messages = messages;
		this.meters = meters;
		this.limits = limits;
		this.sessions = sessions;
		this.writer = writer;
		this.waits = waits;
		this.json = json;
	}

	/**
	 * Posts a message. {@code admin_only} needs {@code admin}; a parent must be a message
	 * of the same session that the caller can see. Returns once the message is committed
	 * (see {@link MessageWriter} for how concurrent posts share a transaction).
	 */
	@RateLimited(RateLimit.MESSAGES)
	public Message add(AgentPrincipal caller, @AuditSession String sessionId, PostMessageRequest request) {
		caller.require(Permission.WRITE, "add_message");
		Visibility visibility = request.visibilityOrDefault();
		caller.require(visibility.requiredToPost(), "add_message with visibility " + visibility.value());
		SessionService.requireWellFormed(sessionId);
		String metadata = (request.metadata() != null) ? this.json.writeValueAsString(request.metadata()) : null;
		return this.writer.write(caller, sessionId, request, metadata);
	}

	/**
	 * Counts a message once its transaction commits ({@code scs.messages.posted}), so a
	 * post rolled back with its group is not counted, and a post over REST and one over
	 * MCP are counted alike.
	 */
	@TransactionalEventListener(fallbackExecution = true)
	void countPosted(MessageAdded event) {
		this.meters.messagePosted(event.message().visibility().value());
	}

	/** The messages of a session the caller may read, with their count. */
	public MessagePage list(AgentPrincipal caller, @AuditSession String sessionId, MessageQuery query) {
		caller.require(Permission.READ, "get_messages");
		this.sessions.requireReadable(caller, sessionId);
		Viewer viewer = Viewer.of(caller);
		MessageRepository.Slice slice = this.messages.findVisible(sessionId, viewer, query, this.limits.pageBytes());
		List<Message> page = slice.messages();
		long total = (query.offset() == 0 && page.size() < query.limit() && !slice.cutShort()) ? page.size()
				: this.messages.countVisible(sessionId, viewer, query);
		return new MessagePage(sessionId, page, total, query.limit(), query.offset(),
				query.offset() + page.size() < total);
	}

	/**
	 * Fails unless the caller may read the session's messages (the checks of
	 * {@link #list}, without reading any), so that a live stream is refused with a proper
	 * error before it starts.
	 */
	void requireReadable(AgentPrincipal caller, @AuditSession String sessionId) {
		caller.require(Permission.READ, "watch_session");
		this.sessions.requireReadable(caller, sessionId);
	}

	/**
	 * Waits, without holding a thread, until the session has a message newer than
	 * {@code afterId} that the caller may read, or until the timeout. Permission and
	 * session checks happen at once (an exception here, not in the future); the wait is
	 * capped per agent and in total (see {@link MessageWaits}).
	 * @return a future of the visible messages after {@code afterId} (at most
	 * {@code limit}; empty on timeout), failed with
	 * {@link dev.sharedcontext.auth.token.InvalidTokenException} when the caller's token
	 * is revoked or expires while waiting
	 * @throws dev.sharedcontext.limits.LimitExceededException past the caps on waits
	 */
	public CompletableFuture<MessagePage> waitForMessages(AgentPrincipal caller, @AuditSession String sessionId,
			long afterId, Duration timeout, int limit) {
		MessageQuery query = new MessageQuery(limit, 0, afterId, null);
		Supplier<MessagePage> read = () -> list(caller, sessionId, query);
		MessagePage first = read.get();
		if (!first.messages().isEmpty() || timeout.isZero() || timeout.isNegative()) {
			return CompletableFuture.completedFuture(first);
		}
		return this.waits.await(caller, sessionId, query, timeout, read);
	}

	/**
	 * Moves a message to another tier: an admin action, audited with the before and after
	 * tiers.
	 */
	@Audited(event = "admin_action", action = "set_message_visibility", resource = "message")
	@Transactional
	public Message setVisibility(AgentPrincipal admin, long messageId, Visibility visibility, AuditDetails audit) {
		admin.require(Permission.ADMIN, "set_message_visibility");
		audit.resourceId(messageId);
		Message message = this.messages.findForUpdate(messageId)
			.filter((m) -> VisibilityPolicy.canRead(Viewer.of(admin), m.visibility(), m.sender(), m.senderType()))
			.orElseThrow(() -> new MessageNotFoundException(messageId));
		audit.session(message.sessionId());
		audit.put("before", message.visibility().value());
		audit.put("after", visibility.value());
		this.messages.updateVisibility(messageId, visibility);
		return new Message(message.id(), message.sessionId(), message.sender(), message.senderType(), message.content(),
				visibility, message.messageType(), message.metadata(), message.timestamp(), message.parentMessageId());
	}

}
