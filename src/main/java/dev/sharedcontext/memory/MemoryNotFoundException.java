package dev.sharedcontext.memory;

import java.util.List;

import org.springframework.http.HttpStatus;

import dev.sharedcontext.web.ApiException;

/**
 * The caller has no live entry under that key in that scope. The same answer whether
 * another agent uses the key or not, and whether the caller's entry never existed or has
 * expired.
 */
public class MemoryNotFoundException extends ApiException {

	public MemoryNotFoundException(String key, String sessionId) {
		super(HttpStatus.NOT_FOUND, "MEMORY_NOT_FOUND",
				"No memory entry '" + key + "' in the " + MemoryScopes.describe(sessionId));
	}

	@Override
	public List<String> suggestions() {
		return List.of("List your keys with list_memory (GET /api/v1/memory), passing session_id for a session scope");
	}

}
