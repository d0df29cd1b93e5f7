package dev.sharedcontext.mcp.tool;

import java.util.Set;

import org.springframework.stereotype.Component;

import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.search.SearchRequest;
import dev.sharedcontext.search.SearchResults;
import dev.sharedcontext.search.SearchService;
import dev.sharedcontext.search.SenderQuery;
import dev.sharedcontext.search.TimeRangeQuery;
import dev.sharedcontext.search.SenderMessages;
import dev.sharedcontext.search.TimeRangeMessages;

/** {@code search_context}, {@code search_by_sender}, {@code search_by_timerange}. */
final class SearchTools {

	private SearchTools() {
	}

	@Component
	static class SearchContext extends McpTool {

		private final SearchService search;

		SearchContext(SearchService search) {
			super(new ToolDefinition("search_context", "Search messages", Set.of(Permission.READ),
					ToolDefinition.Hints.READ, SearchRequest.class, SearchResults.class,
					"Ranked full-text search over the messages you may see, in session_id or in every session. Supports word*, \"exact phrases\" and typos; results carry score (0-100) and match_preview."));
			this.search = search;
		}

		@Override
		public Object call(ToolCall call) {
			AgentPrincipal caller = call.principal();
			return this.search.search(caller, call.arguments(SearchRequest.class));
		}

	}

	@Component
	static class SearchBySender extends McpTool {

		private final SearchService search;

		SearchBySender(SearchService search) {
			super(new ToolDefinition("search_by_sender", "Messages by sender", Set.of(Permission.READ),
					ToolDefinition.Hints.READ, SenderQuery.class, SenderMessages.class,
					"The messages of one sender (agent_id) in a session that you may see, oldest first."));
			this.search = search;
		}

		@Override
		public Object call(ToolCall call) {
			AgentPrincipal caller = call.principal();
			SenderQuery args = call.arguments(SenderQuery.class);
			return this.search.bySender(caller, args.sessionId(), args.sender(), args.limit());
		}

	}

	@Component
	static class SearchByTimerange extends McpTool {

		private final SearchService search;

		SearchByTimerange(SearchService search) {
			super(new ToolDefinition("search_by_timerange", "Messages in a time range", Set.of(Permission.READ),
					ToolDefinition.Hints.READ, TimeRangeQuery.class, TimeRangeMessages.class,
					"A session's messages you may see posted from start_time to end_time (ISO-8601, inclusive), oldest first."));
			this.search = search;
		}

		@Override
		public Object call(ToolCall call) {
			AgentPrincipal caller = call.principal();
			TimeRangeQuery args = call.arguments(TimeRangeQuery.class);
			return this.search.byTimeRange(caller, args.sessionId(), args.start(), args.end(), args.limit());
		}

	}

}
