package dev.sharedcontext.mcp.tool;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.memory.MemoryEntry;
import dev.sharedcontext.memory.MemoryKeys;
import dev.sharedcontext.memory.MemoryPage;
import dev.sharedcontext.memory.MemoryService;
import dev.sharedcontext.memory.SetMemoryRequest;
import dev.sharedcontext.session.SessionIds;

/**
 * {@code set_memory}, {@code get_memory}, {@code list_memory}, {@code delete_memory}: the
 * caller's own memory.
 */
final class MemoryTools {

	static final String SCOPE = "Session to scope the entry to; omit for your global memory";

	private MemoryTools() {
	}

	/** Result of set_memory. */
	record MemoryStored(String key, MemoryEntry entry) {
	}

	@Component
	static class SetMemory extends McpTool {

		private final MemoryService memory;

		SetMemory(MemoryService memory) {
			super(new ToolDefinition("set_memory", "Store memory", Set.of(Permission.WRITE),
					ToolDefinition.Hints.REPLACES, SetMemoryRequest.class, MemoryStored.class,
					"Store a JSON value (up to 64 KiB) under key in your private memory, which no other agent can read; global, or scoped to session_id. At most 10,000 live entries."));
			this.memory = memory;
		}

		@Override
		public Object call(ToolCall call) {
			AgentPrincipal caller = call.principal();
			MemoryEntry entry = this.memory.set(caller, call.arguments(SetMemoryRequest.class));
			return new MemoryStored(entry.key(), entry);
		}

	}

	/** Arguments of get_memory and delete_memory. */
	record KeyArgs(@Schema(description = "The key") @NotNull @Pattern(regexp = MemoryKeys.PATTERN) String key,
			@Schema(description = SCOPE) @Pattern(regexp = SessionIds.PATTERN) String sessionId) {
	}

	/** Result of get_memory: the entry, and its value once more at the top. */
	record MemoryRead(String key, MemoryEntry entry, @JsonRawValue String value) {
	}

	@Component
	static class GetMemory extends McpTool {

		private final MemoryService memory;

		GetMemory(MemoryService memory) {
			super(new ToolDefinition("get_memory", "Read memory", Set.of(Permission.READ), ToolDefinition.Hints.READ,
					KeyArgs.class, MemoryRead.class,
					"Read your private memory by key (global, or the session_id scope). MEMORY_NOT_FOUND when absent or expired."));
			this.memory = memory;
		}

		@Override
		public Object call(ToolCall call) {
			AgentPrincipal caller = call.principal();
			KeyArgs args = call.arguments(KeyArgs.class);
			MemoryEntry entry = this.memory.get(caller, args.key(), args.sessionId());
			return new MemoryRead(entry.key(), entry, entry.value());
		}

	}

	/** Arguments of list_memory. */
	record ListArgs(@Schema(description = SCOPE) @Pattern(regexp = SessionIds.PATTERN) String sessionId,
			@Schema(description = "Only keys starting with this") @Pattern(
					regexp = MemoryKeys.PREFIX_PATTERN) String prefix,
			@Schema(description = "Most entries (default 100)") @Min(1) @Max(MemoryService.MAX_LIST_LIMIT) Integer limit) {

		static final int DEFAULT_LIMIT = 100;

		ListArgs {
			limit = (limit != null) ? limit : DEFAULT_LIMIT;
		}

	}

	/** Result of list_memory. */
	record MemoryList(List<MemoryEntry> entries, int count, boolean hasMore, @Nullable String sessionId) {
	}

	@Component
	static class ListMemory extends McpTool {

		private final MemoryService memory;

		ListMemory(MemoryService memory) {
			super(new ToolDefinition("list_memory", "List memory", Set.of(Permission.READ), ToolDefinition.Hints.READ,
					ListArgs.class, MemoryList.class,
					"Entries of your private memory in one scope (global, or session_id), by key; prefix filters the keys."));
			this.memory = memory;
		}

		@Override
		public Object call(ToolCall call) {
			AgentPrincipal caller = call.principal();
			ListArgs args = call.arguments(ListArgs.class);
			MemoryPage page = this.memory.list(caller, args.sessionId(), args.prefix(), args.limit());
			return new MemoryList(page.entries(), page.count(), page.hasMore(), page.sessionId());
		}

	}

	/** Result of delete_memory. */
	record MemoryDeleted(String key, boolean deleted) {
	}

	@Component
	static class DeleteMemory extends McpTool {

		private final MemoryService memory;

		DeleteMemory(MemoryService memory) {
			super(new ToolDefinition("delete_memory", "Delete memory", Set.of(Permission.WRITE),
					ToolDefinition.Hints.REPLACES, KeyArgs.class, MemoryDeleted.class,
					"Delete an entry from your private memory. MEMORY_NOT_FOUND when absent."));
			this.memory = memory;
		}

		@Override
		public Object call(ToolCall call) {
			AgentPrincipal caller = call.principal();
			KeyArgs args = call.arguments(KeyArgs.class);
			this.memory.delete(caller, args.key(), args.sessionId());
			return new MemoryDeleted(args.key(), true);
		}

	}

}
