package dev.sharedcontext.message;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.sharedcontext.audit.AuditScope;
import dev.sharedcontext.audit.Audited;
import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.auth.Permission;
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

	private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

	private final MessageRepository messages;

	private final SessionService sessions;

	private final MessageWriter writer;

	private final MessageWaits waits;

	private final JsonMapper json;

	MessageService(MessageRepository messages, SessionService sessions, MessageWriter writer, MessageWaits waits,
			JsonMapper json) {
		this.messages = messages;
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
	public Message add(AgentPrincipal caller, String sessionId, PostMessageRequest request) {
		caller.require(Permission.WRITE, "add_message");
		Visibility visibility = request.visibilityOrDefault();
		caller.require(visibility.requiredToPost(), "add_message with visibility " + visibility.value());
		SessionService.requireWellFormed(sessionId);
		String metadata = (request.metadata() != null) ? this.json.writeValueAsString(request.metadata()) : null;
		return this.writer.write(caller, sessionId, request, metadata);
	}

	/** The messages of a session the caller may read, with their count. */
	public MessagePage list(AgentPrincipal caller, String sessionId, MessageQuery query) {
		caller.require(Permission.READ, "get_messages");
		this.sessions.requireReadable(caller, sessionId);
		Viewer viewer = Viewer.of(caller);
		List<Message> page = this.messages.findVisible(sessionId, viewer, query);
		long total = (query.offset() == 0 && page.size() < query.limit()) ? page.size()
				: this.messages.countVisible(sessionId, viewer, query);
		return new MessagePage(sessionId, page, total, query.limit(), query.offset(),
				query.offset() + page.size() < total);
	}

	/**
	 * Fails unless the caller may read the session's messages (the checks of
	 * {@link #list}, without reading any), so that a live stream is refused with a proper
	 * error before it starts.
	 */
	void requireReadable(AgentPrincipal caller, String sessionId) {
		caller.require(Permission.READ, "watch_session");
		this.sessions.requireReadable(caller, sessionId);
	}

	/**
	 * Blocks until the session has a message newer than {@code afterId} that the caller
	 * may read, or until the timeout. Woken by the commit of any message of the session,
	 * and re-checks at least every second so that posts through another replica are seen
	 * too.
	 * @return the visible messages after {@code afterId} (at most {@code limit}); empty
	 * on timeout
	 */
	public MessagePage waitForMessages(AgentPrincipal caller, String sessionId, long afterId, Duration timeout,
			int limit) {
		MessageQuery query = new MessageQuery(limit, 0, afterId, null);
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			CompletableFuture<Void> wakeUp = this.waits.next(sessionId);
			try {
				MessagePage page = list(caller, sessionId, query);
				long remaining = deadline - System.nanoTime();
				if (!page.messages().isEmpty() || remaining <= 0) {
					return page;
				}
				wakeUp.get(Math.min(remaining, POLL_INTERVAL.toNanos()), TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException ex) {
				// re-check: a post may have come through another replica
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return list(caller, sessionId, query);
			}
			catch (ExecutionException ex) {
				throw new IllegalStateException(ex);
			}
			finally {
				this.waits.forget(sessionId, wakeUp);
			}
		}
	}

	/**
	 * Moves a message to another tier: an admin action, audited with the before and after
	 * tiers.
	 */
	@Audited(event = "admin_action", action = "set_message_visibility", resource = "message")
	@Transactional
	public Message setVisibility(AgentPrincipal admin, long messageId, Visibility visibility) {
		admin.require(Permission.ADMIN, "set_message_visibility");
		AuditScope.resourceId(messageId);
		Message message = this.messages.findForUpdate(messageId)
			.filter((m) -> VisibilityPolicy.canRead(Viewer.of(admin), m.visibility(), m.sender(), m.senderType()))
			.orElseThrow(() -> new MessageNotFoundException(messageId));
		AuditScope.session(message.sessionId());
		AuditScope.detail("before", message.visibility().value());
		AuditScope.detail("after", visibility.value());
		this.messages.updateVisibility(messageId, visibility);
		return new Message(message.id(), message.sessionId(), message.sender(), message.senderType(), message.content(),
				visibility, message.messageType(), message.metadata(), message.timestamp(), message.parentMessageId());
	}

}
