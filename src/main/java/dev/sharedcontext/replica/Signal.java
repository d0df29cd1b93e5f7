package dev.sharedcontext.replica;

import java.nio.charset.StandardCharsets;

/**
 * One {@code NOTIFY} payload: {@code <origin> <kind>:<argument>}, where {@code origin}
 * names the sending replica (so a replica ignores its own signals) and the argument is an
 * id. PostgreSQL refuses payloads of 8000 bytes or more; a signal that would not fit is
 * sent as {@link Kind#RESYNC}, which makes every receiver catch up.
 *
 * @param origin the sending replica
 * @param kind what changed
 * @param argument the id it concerns ({@code ""} for {@link Kind#RESYNC})
 */
record Signal(String origin, Kind kind, String argument) {

	/** PostgreSQL's limit for a payload is 7999 bytes. */
	static final int MAX_PAYLOAD_BYTES = 7999;

	enum Kind {

		MESSAGES('m'), TOKEN('t'), MCP_EVENT('e'), RESYNC('r');

		private final char code;

		Kind(char code) {
			this.code = code;
		}

		static Kind of(char code) {
			for (Kind kind : values()) {
				if (kind.code == code) {
					return kind;
				}
			}
			return null;
		}

	}

	String payload() {
		String payload = this.origin + " " + this.kind.code + ":" + this.argument;
		if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
			return this.origin + " " + Kind.RESYNC.code + ":";
		}
		return payload;
	}

	/** The signal in a payload, or {@code null} for one this version does not know. */
	static Signal parse(String payload) {
		int space = (payload != null) ? payload.indexOf(' ') : -1;
		if (space < 0 || payload.length() < space + 3 || payload.charAt(space + 2) != ':') {
			return null;
		}
		Kind kind = Kind.of(payload.charAt(space + 1));
		return (kind != null) ? new Signal(payload.substring(0, space), kind, payload.substring(space + 3)) : null;
	}

	/** Hands this signal to a handler. */
	void deliverTo(CommitSignalHandler handler) {
		switch (this.kind) {
			case MESSAGES -> handler.messagesCommitted(Long.parseLong(this.argument));
			case TOKEN -> handler.tokenChanged(this.argument);
			case MCP_EVENT -> handler.mcpEventStored(this.argument);
			case RESYNC -> handler.signalsMissed();
		}
	}

}
