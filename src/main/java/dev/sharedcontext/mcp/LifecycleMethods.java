package dev.sharedcontext.mcp;

import java.util.Map;

import org.springframework.stereotype.Component;

import dev.sharedcontext.mcp.protocol.DiscoverResult;
import dev.sharedcontext.mcp.protocol.EmptyResult;
import dev.sharedcontext.mcp.protocol.Implementation;
import dev.sharedcontext.mcp.protocol.InitializeResult;
import dev.sharedcontext.mcp.protocol.InitializeResult.ListChanged;
import dev.sharedcontext.mcp.protocol.InitializeResult.ServerCapabilities;
import dev.sharedcontext.mcp.protocol.McpContext;
import dev.sharedcontext.mcp.protocol.McpMethod;
import dev.sharedcontext.mcp.protocol.McpMethods;
import dev.sharedcontext.mcp.protocol.SetLevelParams;

/**
 * How a client learns what the server is: {@code initialize} (handshake era, answered
 * through the endpoint because it creates the session), {@code server/discover}
 * (2026-07-28, stateless) and {@code logging/setLevel} (handshake era only). Both eras
 * get the same tools, resources and prompts; the 2026 capabilities leave out
 * {@code logging} (deprecated there, and this server emits no log notifications) and the
 * 2026 instructions name {@code subscriptions/listen}, which replaced the resource
 * subscription.
 */
@Component
class LifecycleMethods implements McpMethods {

	private static final String INSTRUCTIONS_TEMPLATE = """
			Shared Context Server: agents share sessions (message boards) and keep private memory.
			1. Call authenticate_agent(agent_id, agent_type) once to get a token; pass it as auth_token to the other \
			tools (or send it as 'Authorization: Bearer <token>').
			2. create_session(purpose) or list_sessions(), then add_message / get_messages. Visibility: public \
			(everyone), private (only you), agent_only (agents of your agent_type), admin_only (admins).
			3. wait_for_messages(session_id, after_id) blocks until something new arrives; or %s.
			Call get_usage_guidance() to see what your token allows.""";

	private static final String INSTRUCTIONS = INSTRUCTIONS_TEMPLATE
		.formatted("subscribe to the resource session://{session_id}");

	private static final String MODERN_INSTRUCTIONS = INSTRUCTIONS_TEMPLATE
		.formatted("listen for updates of the resource session://{session_id} with subscriptions/listen "
				+ "(resourceSubscriptions; resources/subscribe in 2025 sessions)");

	private static final ServerCapabilities CAPABILITIES = new ServerCapabilities(new ListChanged(false),
			new InitializeResult.Resources(true, false), new ListChanged(false), EmptyResult.INSTANCE,
			EmptyResult.INSTANCE);

	/**
	 * 2026-07-28: no {@code logging}; resource updates are delivered by
	 * {@code subscriptions/listen}, so {@code subscribe} stays true.
	 */
	private static final ServerCapabilities MODERN_CAPABILITIES = new ServerCapabilities(new ListChanged(false),
			new InitializeResult.Resources(true, false), new ListChanged(false), null, EmptyResult.INSTANCE);

	private final McpSessionStore store;

	LifecycleMethods(McpSessionStore store) {
		this.store = store;
	}

	@Override
	public Map<String, McpMethod> methods() {
		return Map.of("logging/setLevel", McpMethod.immediate(SetLevelParams::from, this::setLogLevel),
				"server/discover", McpMethod.immediate(this::discover));
	}

	/**
	 * The result of {@code server/discover}: every revision served (a 2026 client may
	 * also fall back to {@code initialize}), the 2026 capabilities and instructions.
	 */
	DiscoverResult discover(McpContext context) {
		return new DiscoverResult(ProtocolVersions.ALL, MODERN_CAPABILITIES, MODERN_INSTRUCTIONS);
	}

	/**
	 * The result of {@code initialize}: negotiated version, capabilities, server info.
	 */
	InitializeResult initializeResult(String protocolVersion) {
		return new InitializeResult(protocolVersion, CAPABILITIES, serverInfo(), INSTRUCTIONS);
	}

	/** Who this server is: {@code serverInfo} of both eras. */
	static Implementation serverInfo() {
		return new Implementation("shared-context-server", "Shared Context Server", version());
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
