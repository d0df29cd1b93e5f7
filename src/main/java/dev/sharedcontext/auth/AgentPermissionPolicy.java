package dev.sharedcontext.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import org.springframework.stereotype.Component;

/**
 * Which permissions {@code authenticate_agent} may grant to which agent id, from
 * {@code config/agent-permissions.yml}. A request gets what it asked for intersected with
 * what the policy allows. Without a file the default policy applies: {@code read} and
 * {@code write} for every agent, {@code admin} and {@code debug} for none (those come
 * from admin-issued tokens).
 *
 * <pre>
 * default: [read, write]
 * agents:
 *   ci-bot: [read]
 *   ops-assistant: [read, write, debug]
 * </pre>
 */
@Component
public class AgentPermissionPolicy {

	private static final Logger log = LoggerFactory.getLogger(AgentPermissionPolicy.class);

	private static final Set<Permission> DEFAULT = EnumSet.of(Permission.READ, Permission.WRITE);

	private final Set<Permission> defaults;

	private final Map<String, Set<Permission>> agents;

	public AgentPermissionPolicy(AuthProperties properties) {
		Map<String, Object> document = load(properties);
		this.defaults = document.containsKey("default") ? permissions(document.get("default"), "default") : DEFAULT;
		Map<String, Set<Permission>> byAgent = new HashMap<>();
		if (document.get("agents") instanceof Map<?, ?> map) {
			map.forEach((agent, list) -> byAgent.put(String.valueOf(agent), permissions(list, "agents." + agent)));
		}
		this.agents = Map.copyOf(byAgent);
	}

	/** What the policy lets {@code agentId} hold. */
	public Set<Permission> allowed(String agentId) {
		return this.agents.getOrDefault(agentId, this.defaults);
	}

	/**
	 * The requested permissions the policy allows; the policy's full set when nothing was
	 * requested.
	 */
	public Set<Permission> grant(String agentId, Collection<Permission> requested) {
		Set<Permission> allowed = allowed(agentId);
		if (requested == null || requested.isEmpty()) {
			return EnumSet.copyOf(allowed);
		}
		Set<Permission> granted = EnumSet.noneOf(Permission.class);
		for (Permission permission : requested) {
			if (allowed.contains(permission)) {
				granted.add(permission);
			}
		}
		return granted;
	}

	private static Map<String, Object> load(AuthProperties properties) {
		if (!Files.isRegularFile(properties.permissionsFile())) {
			log.info("No agent permission policy at {}; every agent may hold read and write",
					properties.permissionsFile().toAbsolutePath());
			return Map.of();
		}
		try (InputStream in = Files.newInputStream(properties.permissionsFile())) {
			Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
			if (document == null) {
				return Map.of();
			}
			if (!(document instanceof Map<?, ?> map)) {
				throw new IllegalStateException(properties.permissionsFile() + " must be a YAML mapping");
			}
			Map<String, Object> result = new HashMap<>();
			map.forEach((k, v) -> result.put(String.valueOf(k), v));
			return result;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + properties.permissionsFile(), ex);
		}
	}

	private static Set<Permission> permissions(Object list, String where) {
		Set<Permission> result = EnumSet.noneOf(Permission.class);
		if (list == null) {
			return result;
		}
		if (!(list instanceof List<?> values)) {
			throw new IllegalStateException("agent-permissions.yml: '" + where + "' must be a list of permissions");
		}
		for (Object value : values) {
			try {
				result.add(Permission.of(String.valueOf(value)));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException("agent-permissions.yml: '" + where + "' has unknown permission '"
						+ value + "'; use read, write, admin or debug", ex);
			}
		}
		return result;
	}

}
