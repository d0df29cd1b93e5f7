package dev.sharedcontext.mcp.tool;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.stereotype.Component;

import dev.sharedcontext.audit.AuditDetails;
import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.message.GetMessagesRequest;
import dev.sharedcontext.message.Message;
import dev.sharedcontext.message.MessagePage;
import dev.sharedcontext.message.MessageQuery;
import dev.sharedcontext.message.MessageService;
import dev.sharedcontext.message.PostMessageRequest;
import dev.sharedcontext.message.VisibilityChange;
import dev.sharedcontext.session.SessionIds;
import dev.sharedcontext.visibility.Visibility;

/**
 * {@code add_message}, {@code get_messages}, {@code wait_for_messages},
 * {@code set_message_visibility}.
 */
final class MessageTools {

	private MessageTools() {
	}

	/** The session an operation acts on: a path variable over REST, an argument here. */
	record SessionArg(@Schema(description = SessionTools.SESSION_ID) @NotNull @Pattern(
			regexp = SessionIds.PATTERN) String sessionId) {
	}

	/** The message set_message_visibility acts on (a path variable over REST). */
	record MessageArg(@Schema(description = "Id of the message") @NotNull @Min(1) Long messageId) {
	}

	/** Result of add_message. */
	record PostedMessage(long messageId, String sessionId, Instant timestamp, Visibility visibility, Message message) {
	}

	/** Result of get_messages. */
	record MessageList(String sessionId, List<Message> messages, int count, long totalCount, boolean hasMore) {

		static MessageList of(MessagePage page) {
			return new MessageList(page.sessionId(), page.messages(), page.messages().size(), page.totalCount(),
					page.hasMore());
		}

	}

	@Component
	static class AddMessage extends McpTool {

		private final MessageService messages;

		AddMessage(MessageService messages) {
			super(new ToolDefinition("add_message", "Post message", Set.of(Permission.WRITE), ToolDefinition.Hints.ADDS,
					List.of(SessionArg.class, PostMessageRequest.class), PostedMessage.class,
					"Post to a session. visibility: public (every agent, default), private (only you), agent_only (agents of your agent_type), admin_only (needs admin). parent_message_id makes it a reply."));
			this.messages = messages;
		}

		@Override
		public Object call(ToolCall call) {
			AgentPrincipal caller = call.principal();
			SessionArg session = call.arguments(SessionArg.class);
			Message message = this.messages.add(caller, session.sessionId(), call.arguments(PostMessageRequest.class));
			return new PostedMessage(message.id(), message.sessionId(), message.timestamp(), message.visibility(),
					message);
		}

	}

	@Component
	static class GetMessages extends McpTool {

		private final MessageService messages;

		GetMessages(MessageService messages) {
			super(new ToolDefinition("get_messages", "Read messages", Set.of(Permission.READ),
					ToolDefinition.Hints.READ, GetMessagesRequest.class, MessageList.class,
					"A session's messages you may see, oldest first. Page with limit and offset, or poll with after_id; total_count counts only visible ones."));
			this.messages = messages;
		}

		@Override
		public Object call(ToolCall call) {
			AgentPrincipal caller = call.principal();
			GetMessagesRequest args = call.arguments(GetMessagesRequest.class);
			return MessageList.of(this.messages.list(caller, args.sessionId(), args.query()));
		}

	}

	/** Arguments of wait_for_messages. */
	record WaitArgs(
			@Schema(description = SessionTools.SESSION_ID) @NotNull @Pattern(
					regexp = SessionIds.PATTERN) String sessionId,
			@Schema(description = "Last message id you have seen (0 for any)") @NotNull @Min(0) Long afterId,
			@Schema(description = "Seconds to wait at most (default 30)") @Min(1) @Max(60) Integer timeoutSeconds,
			@Schema(description = "Most messages to return (default 50)") @Min(1) @Max(MessageQuery.MAX_LIMIT) Integer limit) {

		static final int DEFAULT_TIMEOUT_SECONDS = 30;

		WaitArgs {
			timeoutSeconds = (timeoutSeconds != null) ? timeoutSeconds : DEFAULT_TIMEOUT_SECONDS;
			limit = (limit != null) ? limit : MessageQuery.DEFAULT_LIMIT;
		}

	}

	/** Result of wait_for_messages. */
	record WaitResult(String sessionId, List<Message> messages, int count, long totalCount, boolean hasMore,
			boolean timedOut, long lastId) {
	}

	@Component
	static class WaitForMessages extends McpTool {

		private final MessageService messages;

		WaitForMessages(MessageService messages) {
			super(new ToolDefinition("wait_for_messages", "Wait for messages", Set.of(Permission.READ),
					ToolDefinition.Hints.READ, WaitArgs.class, WaitResult.class,
					"Wait until the session has a message you may see with an id above after_id, then return them, oldest first; timed_out=true after timeout_seconds. Use it instead of polling."));
			this.messages = messages;
		}

		@Override
		public Object call(ToolCall call) {
			AgentPrincipal caller = call.principal();
			WaitArgs args = call.arguments(WaitArgs.class);
			CompletableFuture<MessagePage> waiting = this.messages.waitForMessages(caller, args.sessionId(),
					args.afterId(), Duration.ofSeconds(args.timeoutSeconds()), args.limit());
			// a client that stops waiting (its connection closed) frees its waiter and
			// lease now
			call.context().cancellation().onCancel(() -> waiting.cancel(false));
			return waiting.thenApply((page) -> new WaitResult(page.sessionId(), page.messages(), page.messages().size(),
					page.totalCount(), page.hasMore(), page.messages().isEmpty(),
					page.messages().isEmpty() ? args.afterId() : page.messages().get(page.messages().size() - 1).id()));
		}

	}

	/** Result of set_message_visibility. */
	record VisibilityChanged(Message message) {
	}

	@Component
	static class SetMessageVisibility extends McpTool {

		private final MessageService messages;

		SetMessageVisibility(MessageService messages) {
			super(new ToolDefinition("set_message_visibility", "Change message visibility", Set.of(Permission.ADMIN),
					ToolDefinition.Hints.REPLACES, List.of(MessageArg.class, VisibilityChange.class),
					VisibilityChanged.class, """
							Admin only: move a message to another visibility tier; audited with the old and new \
							tier."""));
			this.messages = messages;
		}

		@Override
		public Object call(ToolCall call) {
			AgentPrincipal caller = call.principal();
			MessageArg message = call.arguments(MessageArg.class);
			VisibilityChange change = call.arguments(VisibilityChange.class);
			return new VisibilityChanged(
					this.messages.setVisibility(caller, message.messageId(), change.visibility(), new AuditDetails()));
		}

	}

}
