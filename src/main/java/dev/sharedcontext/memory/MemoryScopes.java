package dev.sharedcontext.memory;

/**
 * The two kinds of scope. The table keys entries by {@code (agent_id, scope, key)} with
 * {@code scope = ''} for the global scope, because NULLs would not be unique in a primary
 * key.
 */
final class MemoryScopes {

	static final String GLOBAL = "";

	private MemoryScopes() {
	}

	static String of(String sessionId) {
		return (sessionId != null) ? sessionId : GLOBAL;
	}

	static String describe(String sessionId) {
		return (sessionId != null) ? "scope of session " + sessionId : "global scope";
	}

}
