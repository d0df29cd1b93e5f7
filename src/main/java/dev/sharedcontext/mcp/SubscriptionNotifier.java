package dev.sharedcontext.mcp;

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
import dev.sharedcontext.message.Message;
import dev.sharedcontext.message.MessageAdded;
import dev.sharedcontext.visibility.VisibilityPolicy;
import dev.sharedcontext.visibility.VisibilityPolicy.Viewer;

/**
 * Sends {@code notifications/resources/updated} to the MCP sessions subscribed to a
 * session resource when a message is committed there, but only to subscribers who may
 * read that message and whose token is still valid. Runs on its own thread
 * ({@link BackgroundConfiguration#MCP_NOTIFIER}), after the commit, so posting never
 * waits for subscribers.
 */
@Component
class SubscriptionNotifier {

	private static final Logger log = LoggerFactory.getLogger(SubscriptionNotifier.class);

	private final ThreadPoolTaskExecutor executor;

	private final McpSessionStore store;

	private final McpStreams streams;

	private final TokenService tokens;

	SubscriptionNotifier(McpSessionStore store, McpStreams streams, TokenService tokens,
			@Qualifier(BackgroundConfiguration.MCP_NOTIFIER) ThreadPoolTaskExecutor executor) {
		this.executor = executor;
		this.store = store;
		this.streams = streams;
		this.tokens = tokens;
	}

	@TransactionalEventListener(fallbackExecution = true)
	void onMessageAdded(MessageAdded event) {
		this.executor.execute(() -> notifySubscribers(event.message()));
	}

	void notifySubscribers(Message message) {
		try {
			for (McpSessionStore.Subscription subscription : this.store.subscribersOf(message.sessionId())) {
				Viewer viewer = new Viewer(subscription.agentId(), subscription.agentType(), subscription.admin());
				if (VisibilityPolicy.canRead(viewer, message.visibility(), message.sender(), message.senderType())
						&& this.tokens.isActive(subscription.tokenId())) {
					this.streams.send(subscription.mcpSessionId(), JsonRpcNotification
						.of("notifications/resources/updated", new ResourceUriParams(subscription.uri())));
				}
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not notify subscribers of session {}", message.sessionId(), ex);
		}
	}

}
