package dev.sharedcontext.auth;

/** The shapes agent ids and agent types must have, shared by REST and MCP validation. */
public final class AgentIds {

	/** 1–100 characters: letters, digits and {@code _ . @ : -}. */
	public static final String AGENT_ID = "[A-Za-z0-9_.@:-]{1,100}";

	/** 1–50 characters: letters, digits and {@code _ . -}. */
	public static final String AGENT_TYPE = "[A-Za-z0-9_.-]{1,50}";

	private AgentIds() {
	}

}
