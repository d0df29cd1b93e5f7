package dev.sharedcontext.migration;

/**
 * The source and the target are at different schema versions, so their columns may not
 * line up. The source is migrated on start, so this means a source written by a newer
 * build than the one running the command.
 */
class SchemaVersionMismatchException extends RuntimeException {

	SchemaVersionMismatchException(String source, String target) {
		super("the source database is at schema version " + source + " but this build's PostgreSQL migrations end at "
				+ target + "; run migrate-to with the build that last wrote the source (or a newer one)");
	}

}
