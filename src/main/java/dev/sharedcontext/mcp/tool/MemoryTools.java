package dev.sharedcontext.mcp.tool;

import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.memory.MemoryEntry;
import dev.sharedcontext.memory.MemoryKeys;
import dev.sharedcontext.memory.MemoryPage;
import dev.sharedcontext.memory.MemoryService;
import dev.sharedcontext.memory.SetMemoryRequest;

/**
 * {@code set_memory}, {@code get_memory}, {@code list_memory}, {@code delete_memory}: the
 * caller's own memory.
 */
final class MemoryTools {

	private static final String SCOPE = "Session id to scope the entry to that session (deleted with it); omit for your global memory";

	private MemoryTools() {
	}

	static ObjectNode key() {
		return InputSchema.string("Key: 1-255 of letters, digits and _ . : / -", 1, 255)
			.put("pattern", "^" + MemoryKeys.PATTERN + "$");
	}

	/**
	 * The arguments of get_memory and delete_memory: a key, in the global scope or a
	 * session's.
	 */
	static ObjectNode keyInScope() {
		return InputSchema.object().required("key", key()).optional("session_id", scope()).withAuthToken().build();
	}

	static ObjectNode scope() {
		return SessionTools.SESSION_ID.deepCopy().put("description", SCOPE);
	}

	static Map<String, Object> entry(MemoryEntry entry) {
		Map<String, Object> result = Results.success("key", entry.key());
		result.put("entry", entry);
		return result;
	}

	@Component
	static class SetMemory extends McpTool {

		private final MemoryService memory;

		SetMemory(MemoryService memory) {
			super("set_memory", false, """
					Store a JSON value under a key in your private memory (no other agent, not even an admin, can \
					read it). Global by default, or scoped to a session with session_id. expires_in (1-31,536,000 \
					seconds) makes it expire; overwrite=false fails with MEMORY_KEY_EXISTS if the key is set. Values \
					up to 64 KiB; at most 10,000 live entries per agent.""", InputSchema.object()
				.required("key", key())
				.required("value", InputSchema.anyJson("Any JSON value (string, number, object, array, boolean)"))
				.optional("session_id", scope())
				.optional("expires_in",
						InputSchema.integer("Seconds until the entry expires; never when omitted", 1, 31_536_000))
				.optional("metadata", InputSchema.jsonObject("Optional JSON object (at most 16 KiB)"))
				.optional("overwrite", InputSchema.bool("Replace an existing entry (default true)"))
				.withAuthToken()
				.build());
			this.memory = memory;
		}

		@Override
		public Object call(ToolCall call) {
			AgentPrincipal caller = call.principal();
			return entry(this.memory.set(caller, call.arguments(SetMemoryRequest.class)));
		}

	}

	/** Arguments of get_memory and delete_memory. */
	record KeyArgs(@NotNull String key, String sessionId) {
	}

	@Component
	static class GetMemory extends McpTool {

		private final MemoryService memory;

		GetMemory(MemoryService memory) {
			super("get_memory", true, """
					Read a value from your private memory by key (and session_id if you stored it in a session \
					scope). Fails with MEMORY_NOT_FOUND when absent or expired.""", keyInScope());
			this.memory = memory;
		}

		@Override
		public Object call(ToolCall call) {
			AgentPrincipal caller = call.principal();
			KeyArgs args = call.arguments(KeyArgs.class);
			MemoryEntry entry = this.memory.get(caller, args.key(), args.sessionId());
			Map<String, Object> result = entry(entry);
			result.put("value", new tools.jackson.databind.util.RawValue(entry.value()));
			return result;
		}

	}

	/** Arguments of list_memory. */
	record ListArgs(String sessionId, String prefix, @Min(1) @Max(1000) Integer limit) {
	}

	@Component
	static class ListMemory extends McpTool {

		private final MemoryService memory;

		ListMemory(MemoryService memory) {
			super("list_memory", true, """
					List the entries of your private memory in one scope (global, or a session with session_id), \
					ordered by key, optionally only keys starting with prefix. limit 1-1000 (default 100).""",
					InputSchema.object()
						.optional("session_id", scope())
						.optional("prefix", InputSchema.string("Only keys starting with this", 0, 255))
						.optional("limit", InputSchema.integer("Most entries to return (default 100)", 1, 1000))
						.withAuthToken()
						.build());
			this.memory = memory;
		}

		@Override
		public Object call(ToolCall call) {
			AgentPrincipal caller = call.principal();
			ListArgs args = call.arguments(ListArgs.class);
			MemoryPage page = this.memory.list(caller, args.sessionId(), args.prefix(),
					(args.limit() != null) ? args.limit() : 100);
			Map<String, Object> result = Results.success("entries", page.entries());
			result.put("count", page.count());
			result.put("has_more", page.hasMore());
			result.put("session_id", page.sessionId());
			return result;
		}

	}

	@Component
	static class DeleteMemory extends McpTool {

		private final MemoryService memory;

		DeleteMemory(MemoryService memory) {
			super("delete_memory", false,
					"Delete an entry from your private memory. Fails with MEMORY_NOT_FOUND when absent.", keyInScope());
			this.memory = memory;
		}

		@Override
		public Object call(ToolCall call) {
			AgentPrincipal caller = call.principal();
			KeyArgs args = call.arguments(KeyArgs.class);
			this.memory.delete(caller, args.key(), args.sessionId());
			Map<String, Object> result = Results.success("key", args.key());
			result.put("deleted", true);
			return result;
		}

	}

}
