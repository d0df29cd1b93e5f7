package dev.sharedcontext.database;

/**
 * The configured database cannot hold this server's data as promised (see
 * {@link DatabaseLocale}); start-up stops with the reason.
 */
public class UnsuitableDatabaseException extends RuntimeException {

	public UnsuitableDatabaseException(String message) {
		super(message);
	}

}
