package dev.sharedcontext.mcp.tool;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

import dev.sharedcontext.auth.AgentIds;
import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.search.SearchRequest;
import dev.sharedcontext.search.SearchService;
import dev.sharedcontext.web.Timestamps;

/** {@code search_context}, {@code search_by_sender}, {@code search_by_timerange}. */
final class SearchTools {

	private SearchTools() {
	}

	@Component
	static class SearchContext extends McpTool {

		private final SearchService search;

		SearchContext(SearchService search) {
			super("search_context", true, """
					Ranked full-text search over the messages you may see, in one session or (without session_id) \
					across every session. Matches words, word prefixes (end a word with *), "exact phrases", and \
					tolerates typos in longer words. Each result has score (0-100), relevance (high/medium/low) and \
					match_preview with matches marked « ». fuzzy_threshold (0-100, default 60) drops weaker matches; \
					limit 1-100 (default 10); search_scope narrows to one tier.""", InputSchema.object()
				.optional("session_id",
						SessionTools.SESSION_ID.deepCopy()
							.put("description", "Session to search; omit to search every session you can see"))
				.required("query",
						InputSchema.string("What to look for (plain text; no query syntax needed)", 1,
								SearchRequest.MAX_QUERY_LENGTH))
				.optional("fuzzy_threshold", InputSchema.number("Minimum match score 0-100 (default 60)", 0, 100))
				.optional("limit", InputSchema.integer("Most results (default 10)", 1, SearchRequest.MAX_LIMIT))
				.optional("search_metadata", InputSchema.bool("Also search message metadata (default true)"))
				.optional("search_scope",
						InputSchema.enumeration("Which tier to search (default all)",
								List.of("all", "public", "private", "agent_only", "admin_only")))
				.withAuthToken()
				.build());
			this.search = search;
		}

		@Override
		public Object call(ToolCall call) {
			AgentPrincipal caller = call.principal();
			return this.search.search(caller, call.arguments(SearchRequest.class));
		}

	}

	/** Arguments of search_by_sender. */
	record BySenderArgs(@NotNull String sessionId, @NotNull @Pattern(regexp = AgentIds.AGENT_ID) String sender,
			@Min(1) @Max(100) Integer limit) {
	}

	@Component
	static class SearchBySender extends McpTool {

		private final SearchService search;

		SearchBySender(SearchService search) {
			super("search_by_sender", true, """
					The messages of one sender (agent_id) in a session that you may see, oldest first. limit 1-100 \
					(default 20).""",
					InputSchema.object()
						.required("session_id", SessionTools.SESSION_ID.deepCopy())
						.required("sender", InputSchema.string("The sender's agent_id", 1, 100))
						.optional("limit", InputSchema.integer("Most messages (default 20)", 1, 100))
						.withAuthToken()
						.build());
			this.search = search;
		}

		@Override
		public Object call(ToolCall call) {
			AgentPrincipal caller = call.principal();
			BySenderArgs args = call.arguments(BySenderArgs.class);
			return this.search.bySender(caller, args.sessionId(), args.sender(),
					(args.limit() != null) ? args.limit() : 20);
		}

	}

	/** Arguments of search_by_timerange. */
	record ByTimeArgs(@NotNull String sessionId, @NotNull String startTime, @NotNull String endTime,
			@Min(1) @Max(100) Integer limit) {
	}

	@Component
	static class SearchByTimerange extends McpTool {

		private final SearchService search;

		SearchByTimerange(SearchService search) {
			super("search_by_timerange", true, """
					The messages of a session posted between start_time and end_time (ISO-8601, e.g. \
					2026-11-25T10:00:00Z; both inclusive) that you may see, oldest first. limit 1-100 (default 50).""",
					InputSchema.object()
						.required("session_id", SessionTools.SESSION_ID.deepCopy())
						.required("start_time", InputSchema.string("Start, ISO-8601").put("format", "date-time"))
						.required("end_time", InputSchema.string("End, ISO-8601").put("format", "date-time"))
						.optional("limit", InputSchema.integer("Most messages (default 50)", 1, 100))
						.withAuthToken()
						.build());
			this.search = search;
		}

		@Override
		public Object call(ToolCall call) {
			AgentPrincipal caller = call.principal();
			ByTimeArgs args = call.arguments(ByTimeArgs.class);
			return this.search.byTimeRange(caller, args.sessionId(), Timestamps.parse(args.startTime(), "start_time"),
					Timestamps.parse(args.endTime(), "end_time"), (args.limit() != null) ? args.limit() : 50);
		}

	}

}
