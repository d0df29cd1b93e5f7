package dev.sharedcontext.memory;

import java.util.List;

import org.springframework.http.HttpStatus;

import dev.sharedcontext.web.ApiException;

/**
 * Storing a new key would take the caller past its live-entry limit; replacing an
 * existing key never does.
 */
public class MemoryLimitExceededException extends ApiException {

	public MemoryLimitExceededException(int limit) {
		super(HttpStatus.CONFLICT, "MEMORY_LIMIT_EXCEEDED",
				"An agent may hold at most " + limit + " live memory entries");
	}

	@Override
	public List<String> suggestions() {
		return List.of("Delete entries you no longer need (delete_memory / DELETE /api/v1/memory/{key})",
				"Give short-lived entries an expires_in so they make room on their own");
	}

}
