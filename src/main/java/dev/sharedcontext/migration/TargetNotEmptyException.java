package dev.sharedcontext.migration;

import java.util.List;

/**
 * The target already holds data: {@code migrate-to} copies into an empty database only.
 */
class TargetNotEmptyException extends RuntimeException {

	TargetNotEmptyException(List<String> tables) {
		super("the target database is not empty (rows in " + String.join(", ", tables)
				+ "); migrate-to copies into an empty database only, and nothing was changed");
	}

}
