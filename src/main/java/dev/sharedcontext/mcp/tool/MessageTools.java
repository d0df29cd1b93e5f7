package dev.sharedcontext.mcp.tool;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

import dev.sharedcontext.audit.AuditDetails;
import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.message.Message;
import dev.sharedcontext.message.MessagePage;
import dev.sharedcontext.message.MessageQuery;
import dev.sharedcontext.message.MessageService;
import dev.sharedcontext.message.PostMessageRequest;
import dev.sharedcontext.visibility.Visibility;

/**
 * {@code add_message}, {@code get_messages}, {@code wait_for_messages},
 * {@code set_message_visibility}.
 */
final class MessageTools {

	static final List<String> TIERS = List.of("public", "private", "agent_only", "admin_only");

	private MessageTools() {
	}

	static Map<String, Object> page(MessagePage page) {
		Map<String, Object> result = Results.success("session_id", page.sessionId());
		result.put("messages", page.messages());
		result.put("count", page.messages().size());
		result.put("total_count", page.totalCount());
		result.put("has_more", page.hasMore());
		return result;
	}

	/** Arguments of add_message: the REST body plus the session id. */
	record AddMessageArgs(String sessionId, String content, Visibility visibility, String messageType,
			Map<String, Object> metadata, Long parentMessageId) {
	}

	@Component
	static class AddMessage extends McpTool {

		private final MessageService messages;

		AddMessage(MessageService messages) {
			super("add_message", false, """
					Post a message to a session. visibility decides who can read it: public (every agent, default), \
					private (only you, e.g. notes to self), agent_only (agents with your agent_type), admin_only \
					(admins; needs the admin permission). Reply to a message by giving its id as parent_message_id \
					(same session). content: 1-100,000 characters; metadata: optional JSON object up to 16 KiB.""",
					InputSchema.object()
						.required("session_id", SessionTools.SESSION_ID.deepCopy())
						.required("content", InputSchema.string("The message text", 1, 100_000))
						.optional("visibility", InputSchema.enumeration("Who may read it (default public)", TIERS))
						.optional("message_type",
								InputSchema
									.string("Kind of message, e.g. agent_response (default), status, question", 1, 50)
									.put("pattern", "^[A-Za-z0-9_.:-]{1,50}$"))
						.optional("metadata",
								InputSchema.jsonObject("Optional JSON object (at most 16 KiB, 10 levels deep)"))
						.optional("parent_message_id",
								InputSchema.integer("Id of the message this replies to, in the same session", 1,
										Long.MAX_VALUE))
						.withAuthToken()
						.build());
			this.messages = messages;
		}

		@Override
		public Object call(ToolCall call) {
			AgentPrincipal caller = call.principal();
			AddMessageArgs args = call.arguments(AddMessageArgs.class);
			PostMessageRequest request = call.validate(new PostMessageRequest(args.content(), args.visibility(),
					args.messageType(), args.metadata(), args.parentMessageId()));
			Message message = this.messages.add(caller, args.sessionId(), request);
			Map<String, Object> result = Results.success("message_id", message.id());
			result.put("session_id", message.sessionId());
			result.put("timestamp", message.timestamp());
			result.put("visibility", message.visibility());
			result.put("message", message);
			return result;
		}

	}

	/** Arguments of get_messages. */
	record GetMessagesArgs(@NotNull String sessionId, @Min(1) @Max(1000) Integer limit, @Min(0) Integer offset,
			Visibility visibilityFilter, @Min(0) Long afterId) {
	}

	@Component
	static class GetMessages extends McpTool {

		private final MessageService messages;

		GetMessages(MessageService messages) {
			super("get_messages", true, """
					Read a session's messages that you may see, oldest first. Page with limit (1-1000, default 50) \
					and offset, or poll cheaply with after_id (only messages with a larger id). visibility_filter \
					narrows to one tier. total_count counts only messages visible to you.""",
					InputSchema.object()
						.required("session_id", SessionTools.SESSION_ID.deepCopy())
						.optional("limit", InputSchema.integer("Page size (default 50)", 1, 1000))
						.optional("offset", InputSchema.integer("Messages to skip (default 0)", 0, Integer.MAX_VALUE))
						.optional("visibility_filter", InputSchema.enumeration("Only this tier", TIERS))
						.optional("after_id",
								InputSchema.integer("Only messages with an id greater than this", 0, Long.MAX_VALUE))
						.withAuthToken()
						.build());
			this.messages = messages;
		}

		@Override
		public Object call(ToolCall call) {
			AgentPrincipal caller = call.principal();
			GetMessagesArgs args = call.arguments(GetMessagesArgs.class);
			MessageQuery query = new MessageQuery((args.limit() != null) ? args.limit() : MessageQuery.DEFAULT_LIMIT,
					(args.offset() != null) ? args.offset() : 0, args.afterId(), args.visibilityFilter());
			return page(this.messages.list(caller, args.sessionId(), query));
		}

	}

	/** Arguments of wait_for_messages. */
	record WaitArgs(@NotNull String sessionId, @NotNull @Min(0) Long afterId, @Min(1) @Max(60) Integer timeoutSeconds,
			@Min(1) @Max(1000) Integer limit) {
	}

	@Component
	static class WaitForMessages extends McpTool {

		private static final int DEFAULT_TIMEOUT_SECONDS = 30;

		private final MessageService messages;

		WaitForMessages(MessageService messages) {
			super("wait_for_messages", true, """
					Block until the session has a message you may see with an id greater than after_id, then return \
					those messages (oldest first); returns early as soon as one arrives, or with timed_out=true after \
					timeout_seconds (1-60, default 30). Use it to wait for other agents instead of polling; pass the \
					last message id you have seen as after_id.""", InputSchema.object()
				.required("session_id", SessionTools.SESSION_ID.deepCopy())
				.required("after_id",
						InputSchema.integer("The last message id you have seen (0 for any message)", 0, Long.MAX_VALUE))
				.optional("timeout_seconds", InputSchema.integer("How long to wait at most (default 30)", 1, 60))
				.optional("limit", InputSchema.integer("Most messages to return (default 50)", 1, 1000))
				.withAuthToken()
				.build());
			this.messages = messages;
		}

		@Override
		public Object call(ToolCall call) {
			AgentPrincipal caller = call.principal();
			WaitArgs args = call.arguments(WaitArgs.class);
			int timeout = (args.timeoutSeconds() != null) ? args.timeoutSeconds() : DEFAULT_TIMEOUT_SECONDS;
			return this.messages
				.waitForMessages(caller, args.sessionId(), args.afterId(), Duration.ofSeconds(timeout),
						(args.limit() != null) ? args.limit() : MessageQuery.DEFAULT_LIMIT)
				.thenApply((page) -> {
					Map<String, Object> result = page(page);
					result.put("timed_out", page.messages().isEmpty());
					result.put("last_id", page.messages().isEmpty() ? args.afterId()
							: page.messages().get(page.messages().size() - 1).id());
					return result;
				});
		}

	}

	/** Arguments of set_message_visibility. */
	record VisibilityArgs(@NotNull @Min(1) Long messageId, @NotNull Visibility visibility) {
	}

	@Component
	static class SetMessageVisibility extends McpTool {

		private final MessageService messages;

		SetMessageVisibility(MessageService messages) {
			super("set_message_visibility", false, """
					Admin only: move a message to another visibility tier. The change is recorded in the audit log \
					with the old and new tier.""",
					InputSchema.object()
						.required("message_id", InputSchema.integer("Id of the message", 1, Long.MAX_VALUE))
						.required("visibility", InputSchema.enumeration("The new tier", TIERS))
						.withAuthToken()
						.build());
			this.messages = messages;
		}

		@Override
		public Object call(ToolCall call) {
			AgentPrincipal caller = call.principal();
			VisibilityArgs args = call.arguments(VisibilityArgs.class);
			return Results.success("message",
					this.messages.setVisibility(caller, args.messageId(), args.visibility(), new AuditDetails()));
		}

	}

}
