package dev.sharedcontext.mcp.protocol;

import tools.jackson.databind.JsonNode;

import dev.sharedcontext.auth.AgentPrincipal;

/**
 * What a method handler knows about the request it serves. A handshake-era request
 * belongs to an MCP session; a stateless (2026-07-28) request carries everything itself
 * (version, client info and capabilities in {@code _meta}) and has no session.
 *
 * @param session the MCP session; {@code null} while handling {@code initialize} and for
 * every stateless request
 * @param headerPrincipal the agent of the request's {@code Authorization: Bearer} token,
 * or {@code null}
 * @param protocolVersion the revision in force for this request
 * @param era which era serves it
 * @param clientInfo the client's {@code io.modelcontextprotocol/clientInfo} (stateless
 * requests that sent one), otherwise {@code null}
 * @param clientCapabilities the client's
 * {@code io.modelcontextprotocol/clientCapabilities} (stateless requests), otherwise
 * {@code null}
 * @param cancellation signalled when the client stops waiting for the answer (its
 * connection closed, or the request timed out)
 */
public record McpContext(McpSession session, AgentPrincipal headerPrincipal, String protocolVersion, Era era,
		Implementation clientInfo, JsonNode clientCapabilities, Cancellation cancellation) {

	/** A handshake-era request of {@code session}. */
	public McpContext(McpSession session, AgentPrincipal headerPrincipal, String protocolVersion) {
		this(session, headerPrincipal, protocolVersion, Era.LEGACY, null, null, new Cancellation());
	}

	/** Whether the stateless revision serves this request. */
	public boolean modern() {
		return this.era == Era.MODERN;
	}

	/** The two eras of MCP served on one endpoint. */
	public enum Era {

		/** 2025-03-26 … 2025-11-25: {@code initialize} and an {@code Mcp-Session-Id}. */
		LEGACY,

		/** 2026-07-28: stateless, every request carries its version in {@code _meta}. */
		MODERN

	}

}
