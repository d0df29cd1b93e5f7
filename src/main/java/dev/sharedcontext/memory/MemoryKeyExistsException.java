package dev.sharedcontext.memory;

import java.util.List;

import org.springframework.http.HttpStatus;

import dev.sharedcontext.web.ApiException;

/**
 * {@code overwrite=false} and the caller already has a live entry under that key in that
 * scope.
 */
public class MemoryKeyExistsException extends ApiException {

	public MemoryKeyExistsException(String key, String sessionId) {
		super(HttpStatus.CONFLICT, "MEMORY_KEY_EXISTS",
				"Memory entry '" + key + "' already exists in the " + MemoryScopes.describe(sessionId));
	}

	@Override
	public List<String> suggestions() {
		return List.of("Set overwrite=true to replace the value", "Or choose another key");
	}

}
