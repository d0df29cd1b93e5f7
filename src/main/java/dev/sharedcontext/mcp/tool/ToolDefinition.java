package dev.sharedcontext.mcp.tool;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.sharedcontext.auth.Permission;

/**
 * Everything a client learns about a tool before calling it, declared once per tool:
 * {@code tools/list} publishes it (schemas generated from {@link #input} and
 * {@link #output}), filters it by {@link #permissions}, and {@code get_usage_guidance}
 * reads the same permissions, so neither can disagree with the tool.
 *
 * @param name the tool name (the Python server's, for drop-in compatibility)
 * @param title a short human-readable name
 * @param permissions the caller needs any one of these; empty for the tools that work
 * without an agent token ({@code authenticate_agent}, {@code refresh_token})
 * @param hints the MCP tool annotations, set honestly per tool
 * @param inputs the records the arguments are read into (usually one; a REST path
 * parameter and body are two); their constraints are the rules
 * @param output the record of a successful result ({@code structuredContent} minus
 * {@code success})
 * @param description what the tool does and when to use it, written for an LLM; the
 * limits are in the schema, not here
 */
public record ToolDefinition(String name, String title, Set<Permission> permissions, Hints hints, List<Class<?>> inputs,
		Class<?> output, String description) {

	public ToolDefinition {
		permissions = permissions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(permissions));
		inputs = List.copyOf(inputs);
		description = description.replaceAll("\\s+", " ").strip();
	}

	public ToolDefinition(String name, String title, Set<Permission> permissions, Hints hints, Class<?> input,
			Class<?> output, String description) {
		this(name, title, permissions, hints, List.of(input), output, description);
	}

	/** A tool that acts as an agent: it needs a token and takes {@code auth_token}. */
	public boolean actsAsAgent() {
		return !this.permissions.isEmpty();
	}

	/** Whether a holder of these permissions may use the tool. */
	public boolean allows(Set<Permission> held) {
		return !actsAsAgent() || this.permissions.stream().anyMatch(held::contains);
	}

	/**
	 * MCP tool annotations. No tool reaches outside this server, so {@code openWorldHint}
	 * is always false.
	 *
	 * @param readOnly only reads
	 * @param destructive may change or remove what exists (rather than only add)
	 * @param idempotent calling it again with the same arguments changes nothing more
	 */
	public record Hints(boolean readOnly, boolean destructive, boolean idempotent) {

		/** Reads only. */
		public static final Hints READ = new Hints(true, false, true);

		/** Adds something new each call. */
		public static final Hints ADDS = new Hints(false, false, false);

		/** Replaces or removes what exists; the same call twice leaves the same state. */
		public static final Hints REPLACES = new Hints(false, true, true);

		public boolean openWorld() {
			return false;
		}

	}

}
