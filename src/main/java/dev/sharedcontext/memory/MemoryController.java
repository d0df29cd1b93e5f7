package dev.sharedcontext.memory;

import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.session.SessionIds;
import dev.sharedcontext.web.validation.JsonObjectLimits;

/**
 * The caller's own memory over REST. The key is the rest of the path ({@code {*key}}), so
 * keys containing {@code /} or {@code :} are written as they are:
 * {@code PUT /api/v1/memory/notes/2026:plan}.
 */
@RestController
@RequestMapping("/api/v1/memory")
class MemoryController {

	private final MemoryService memory;

	MemoryController(MemoryService memory) {
		this.memory = memory;
	}

	@GetMapping
	MemoryPage list(@AuthenticationPrincipal AgentPrincipal caller,
			@RequestParam(name = "session_id", required = false) String sessionId,
			@RequestParam(required = false) String prefix,
			@RequestParam(defaultValue = "100") @Min(1) @Max(MemoryService.MAX_LIST_LIMIT) int limit) {
		return this.memory.list(caller, sessionId, prefix, limit);
	}

	@GetMapping("/{*key}")
	MemoryEntry get(@AuthenticationPrincipal AgentPrincipal caller, @PathVariable String key,
			@RequestParam(name = "session_id", required = false) String sessionId) {
		return this.memory.get(caller, keyOf(key), sessionId);
	}

	@PutMapping("/{*key}")
	MemoryEntry put(@AuthenticationPrincipal AgentPrincipal caller, @PathVariable String key,
			@Valid @RequestBody PutMemoryBody body) {
		return this.memory.set(caller, body.toRequest(keyOf(key)));
	}

	@DeleteMapping("/{*key}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@AuthenticationPrincipal AgentPrincipal caller, @PathVariable String key,
			@RequestParam(name = "session_id", required = false) String sessionId) {
		this.memory.delete(caller, keyOf(key), sessionId);
	}

	/**
	 * A catch-all variable keeps the slash that separates it from the mapping's prefix.
	 */
	private static String keyOf(String path) {
		return path.startsWith("/") ? path.substring(1) : path;
	}

	/**
	 * Body of {@code PUT /api/v1/memory/{key}}: {@link SetMemoryRequest} without the key,
	 * which is the path.
	 */
	record PutMemoryBody(@NotNull JsonNode value, @Pattern(regexp = SessionIds.PATTERN) String sessionId,
			@Min(SetMemoryRequest.MIN_EXPIRES_IN) @Max(SetMemoryRequest.MAX_EXPIRES_IN) Long expiresIn,
			@JsonObjectLimits(maxBytes = 16 * 1024, maxDepth = 10) Map<String, Object> metadata, Boolean overwrite) {

		SetMemoryRequest toRequest(String key) {
			return new SetMemoryRequest(key, this.value, this.sessionId, this.expiresIn, this.metadata, this.overwrite);
		}

	}

}
