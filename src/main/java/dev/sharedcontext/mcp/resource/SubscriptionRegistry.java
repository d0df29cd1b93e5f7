package dev.sharedcontext.mcp.resource;

import dev.sharedcontext.auth.AgentPrincipal;

/** Where resource subscriptions are kept (the MCP session store, in the database). */
public interface SubscriptionRegistry {

	void subscribe(String mcpSessionId, String uri, String sessionId, AgentPrincipal subscriber);

	void unsubscribe(String mcpSessionId, String uri);

}
