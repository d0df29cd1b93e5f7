package dev.sharedcontext.auth;

/**
 * A missing or weak key that stops start-up. The message is one actionable line and never
 * contains a key.
 */
public class InvalidSecretsException extends RuntimeException {

	public InvalidSecretsException(String message) {
		super(message, null, false, false);
	}

}
