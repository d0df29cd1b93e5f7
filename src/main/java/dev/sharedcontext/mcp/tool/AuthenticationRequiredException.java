package dev.sharedcontext.mcp.tool;

import java.util.List;

import org.springframework.http.HttpStatus;

import dev.sharedcontext.web.ApiException;

/** A tool that acts as an agent was called without a token. */
class AuthenticationRequiredException extends ApiException {

	AuthenticationRequiredException() {
		super(HttpStatus.UNAUTHORIZED, "AUTHENTICATION_REQUIRED", "This tool needs an agent token");
	}

	@Override
	public List<String> suggestions() {
		return List.of("Call authenticate_agent(agent_id, agent_type) and pass the returned token as auth_token",
				"Or send 'Authorization: Bearer <token>' on the MCP connection");
	}

}
