package dev.sharedcontext.auth.token;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The two kinds of bearer token the server issues and accepts. */
public enum TokenFormat {

	/**
	 * A protected token: {@code sct_} + 43 url-safe characters; only its SHA-256 is
	 * stored.
	 */
	SCT("sct"),
	/** A signed JWT (HS256); found by its {@code jti}. */
	JWT("jwt");

	private final String value;

	TokenFormat(String value) {
		this.value = value;
	}

	@JsonValue
	public String value() {
		return this.value;
	}

	@JsonCreator
	public static TokenFormat of(String value) {
		for (TokenFormat format : values()) {
			if (format.value.equals(value)) {
				return format;
			}
		}
		throw new IllegalArgumentException("Unknown token format; expected sct or jwt");
	}

}
