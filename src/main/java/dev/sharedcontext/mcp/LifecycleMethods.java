package dev.sharedcontext.mcp;

import java.util.Map;

import org.springframework.stereotype.Component;

import dev.sharedcontext.mcp.protocol.EmptyResult;
import dev.sharedcontext.mcp.protocol.Implementation;
import dev.sharedcontext.mcp.protocol.InitializeResult;
import dev.sharedcontext.mcp.protocol.InitializeResult.ListChanged;
import dev.sharedcontext.mcp.protocol.InitializeResult.ServerCapabilities;
import dev.sharedcontext.mcp.protocol.McpContext;
import dev.sharedcontext.mcp.protocol.McpMethod;
import dev.sharedcontext.mcp.protocol.McpMethods;
import dev.sharedcontext.mcp.protocol.SetLevelParams;

/** {@code initialize} and {@code logging/setLevel}. */
@Component
class LifecycleMethods implements McpMethods {

	private static final String INSTRUCTIONS = """
			Shared Context Server: agents share sessions (message boards) and keep private memory.
			1. Call authenticate_agent(agent_id, agent_type) once to get a token; pass it as auth_token to the other \
			tools (or send it as 'Authorization: Bearer <token>').
			2. create_session(purpose) or list_sessions(), then add_message / get_messages. Visibility: public \
			(everyone), private (only you), agent_only (agents of your agent_type), admin_only (admins).
			3. wait_for_messages(session_id, after_id) blocks until something new arrives; or subscribe to the \
			resource session://{session_id}.
			Call get_usage_guidance() to see what your token allows.""";

	private static final ServerCapabilities CAPABILITIES = new ServerCapabilities(new ListChanged(false),
			new InitializeResult.Resources(true, false), new ListChanged(false), EmptyResult.INSTANCE,
			EmptyResult.INSTANCE);

	private final McpSessionStore store;

	LifecycleMethods(McpSessionStore store) {
		this.store = store;
	}

	@Override
	public Map<String, McpMethod> methods() {
		return Map.of("logging/setLevel", McpMethod.immediate(SetLevelParams::from, this::setLogLevel));
	}

	/**
	 * The result of {@code initialize}: negotiated version, capabilities, server info.
	 */
	InitializeResult initializeResult(String protocolVersion) {
		return new InitializeResult(protocolVersion, CAPABILITIES,
				new Implementation("shared-context-server", "Shared Context Server", version()), INSTRUCTIONS);
	}

	EmptyResult setLogLevel(SetLevelParams params, McpContext context) {
		this.store.setLogLevel(context.session().id(), params.level());
		return EmptyResult.INSTANCE;
	}

	static String version() {
		String version = LifecycleMethods.class.getPackage().getImplementationVersion();
		return (version != null) ? version : "0.1.0";
	}

}
