package dev.sharedcontext.mcp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.sharedcontext.auth.token.TokenService;
import dev.sharedcontext.background.BackgroundConfiguration;
import dev.sharedcontext.mcp.protocol.JsonRpcNotification;
import dev.sharedcontext.mcp.protocol.ResourceUriParams;
import dev.sharedcontext.message.CommittedMessage;
import dev.sharedcontext.message.ForeignCommits;
import dev.sharedcontext.replica.CommitSignalHandler;
import dev.sharedcontext.message.MessageAdded;
import dev.sharedcontext.visibility.VisibilityPolicy;
import dev.sharedcontext.visibility.VisibilityPolicy.Viewer;

/**
 * Sends {@code notifications/resources/updated} when a message is committed in a session,
 * to whoever follows that session's resource: the 2025 MCP sessions subscribed with
 * {@code resources/subscribe} (through their GET streams) and the 2026
 * {@code subscriptions/listen} streams. Both get it under one rule, {@link #mayHear}:
 * only followers who may read that message and whose token is still active. Runs on its
 * own thread ({@link BackgroundConfiguration#MCP_NOTIFIER}), after the commit, so posting
 * never waits for followers.
 * <p>
 * Listen streams also hear of messages committed by another process on the same database
 * ({@link ForeignCommits}, about a second later), once per session and batch: the
 * notification is level-triggered (read the resource again), so one is enough. On
 * PostgreSQL the other replica's commit signal makes that probe run at once. The 2025
 * subscriptions keep their behaviour: the process that commits notifies them, by storing
 * the notification for the subscriber's GET stream; when that stream is open on another
 * replica, the store signals it ({@link CommitSignalHandler#mcpEventStored}) and that
 * replica writes it ({@link McpStreams#deliverStored}).
 */
@Component
class SubscriptionNotifier implements ForeignCommits.Watcher, CommitSignalHandler {

	private static final Logger log = LoggerFactory.getLogger(SubscriptionNotifier.class);

	private final ThreadPoolTaskExecutor executor;

	private final McpSessionStore store;

	private final McpStreams streams;

	private final ListenStreams listens;

	private final TokenService tokens;

	SubscriptionNotifier(McpSessionStore store, McpStreams streams, ListenStreams listens, TokenService tokens,
			@Qualifier(BackgroundConfiguration.MCP_NOTIFIER) ThreadPoolTaskExecutor executor) {
		this.executor = executor;
		this.store = store;
		this.streams = streams;
		this.listens = listens;
		this.tokens = tokens;
	}

	@TransactionalEventListener(fallbackExecution = true)
	void onMessageAdded(MessageAdded event) {
		CommittedMessage message = CommittedMessage.of(event.message());
		this.executor.execute(() -> {
			notifySubscribers(message);
			notifyListeners(List.of(message));
		});
	}

	@Override
	public boolean watching() {
		return this.listens.hasListeners();
	}

	@Override
	public void committedElsewhere(List<CommittedMessage> messages) {
		this.executor.execute(() -> notifyListeners(messages));
	}

	/** Another replica stored a notification for a GET stream that may be open here. */
	@Override
	public void mcpEventStored(String mcpSessionId) {
		if (this.streams.isOpen(mcpSessionId)) {
			this.executor.execute(() -> deliver(mcpSessionId));
		}
	}

	/** Signals may have been lost: every GET stream open here reads the store. */
	@Override
	public void signalsMissed() {
		this.executor.execute(() -> this.streams.openSessions().forEach(this::deliver));
	}

	private void deliver(String mcpSessionId) {
		try {
			this.streams.deliverStored(mcpSessionId);
		}
		catch (RuntimeException ex) {
			log.warn("Could not deliver stored notifications of MCP session {}", mcpSessionId, ex);
		}
	}

	void notifySubscribers(CommittedMessage message) {
		try {
			for (McpSessionStore.Subscription subscription : this.store.subscribersOf(message.sessionId())) {
				Viewer viewer = new Viewer(subscription.agentId(), subscription.agentType(), subscription.admin());
				if (mayHear(viewer, subscription.tokenId(), message)) {
					this.streams.send(subscription.mcpSessionId(), JsonRpcNotification
						.of("notifications/resources/updated", new ResourceUriParams(subscription.uri())));
				}
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not notify subscribers of session {}", message.sessionId(), ex);
		}
	}

	/**
	 * Tells each listener of a session once if any of the messages there is one it may
	 * read.
	 */
	void notifyListeners(List<CommittedMessage> messages) {
		Map<String, List<CommittedMessage>> bySession = new LinkedHashMap<>();
		for (CommittedMessage message : messages) {
			bySession.computeIfAbsent(message.sessionId(), (id) -> new ArrayList<>()).add(message);
		}
		bySession.forEach((sessionId, posted) -> {
			try {
				for (ListenStreams.Listener listener : this.listens.listenersOf(sessionId)) {
					if (posted.stream()
						.anyMatch((message) -> mayHear(listener.viewer(), listener.tokenId(), message))) {
						listener.updated(sessionId);
					}
				}
			}
			catch (RuntimeException ex) {
				log.warn("Could not notify listeners of session {}", sessionId, ex);
			}
		});
	}

	/**
	 * The one rule for who hears of a message: a follower who may read it, with a token
	 * that has not been revoked or expired since it started following.
	 */
	private boolean mayHear(Viewer viewer, String tokenId, CommittedMessage message) {
		return VisibilityPolicy.canRead(viewer, message.visibility(), message.sender(), message.senderType())
				&& this.tokens.isActive(tokenId);
	}

}
