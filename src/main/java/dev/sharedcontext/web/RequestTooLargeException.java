package dev.sharedcontext.web;

import java.io.IOException;

/**
 * Raised while reading a body that turned out longer than
 * {@link RequestBodyFilter#MAX_BODY_BYTES}.
 */
class RequestTooLargeException extends IOException {

	RequestTooLargeException() {
		super("Request body too large");
	}

}
