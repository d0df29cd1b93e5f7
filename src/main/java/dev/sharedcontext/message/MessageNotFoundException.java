package dev.sharedcontext.message;

import org.springframework.http.HttpStatus;

import dev.sharedcontext.web.ApiException;

/**
 * No message with that id that the caller may see (an invisible message is
 * indistinguishable from none).
 */
public class MessageNotFoundException extends ApiException {

	public MessageNotFoundException(long id) {
		super(HttpStatus.NOT_FOUND, "MESSAGE_NOT_FOUND", "No message with id " + id);
	}

}
