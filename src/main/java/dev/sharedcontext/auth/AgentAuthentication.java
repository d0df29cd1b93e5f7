package dev.sharedcontext.auth;

import java.util.ArrayList;
import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * What the filter chain established about a request: whether it proved the API key, and
 * which agent (if any) its bearer token stands for. The principal is the
 * {@link AgentPrincipal}, or {@code null} for an API-key-only request such as minting a
 * token.
 */
public class AgentAuthentication extends AbstractAuthenticationToken {

	/** Authority of a request that presented the right {@code X-API-Key}. */
	public static final String API_KEY = "API_KEY";

	/** Authority of a request that presented a valid agent token. */
	public static final String AGENT = "AGENT";

	private final AgentPrincipal agent;

	private final boolean apiKeyVerified;

	public AgentAuthentication(AgentPrincipal agent, boolean apiKeyVerified) {
		super(authorities(agent, apiKeyVerified));
		this.agent = agent;
		this.apiKeyVerified = apiKeyVerified;
		setAuthenticated(true);
	}

	private static List<GrantedAuthority> authorities(AgentPrincipal agent, boolean apiKeyVerified) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		if (apiKeyVerified) {
			authorities.add(new SimpleGrantedAuthority(API_KEY));
		}
		if (agent != null) {
			authorities.add(new SimpleGrantedAuthority(AGENT));
			agent.permissions().forEach((p) -> authorities.add(new SimpleGrantedAuthority("PERM_" + p.value())));
		}
		return authorities;
	}

	public boolean apiKeyVerified() {
		return this.apiKeyVerified;
	}

	@Override
	public AgentPrincipal getPrincipal() {
		return this.agent;
	}

	@Override
	public Object getCredentials() {
		return null;
	}

	@Override
	public String getName() {
		return (this.agent != null) ? this.agent.agentId() : "api-key";
	}

}
