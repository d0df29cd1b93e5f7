package dev.sharedcontext.web;

import java.io.IOException;

/**
 * Raised while reading a body that {@link JsonBodyScanner} refuses; the message is
 * written for the client.
 */
class MalformedBodyException extends IOException {

	private final JsonBodyScanner.Violation violation;

	MalformedBodyException(JsonBodyScanner.Violation violation) {
		super(violation.detail());
		this.violation = violation;
	}

	JsonBodyScanner.Violation violation() {
		return this.violation;
	}

}
