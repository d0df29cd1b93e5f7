package dev.sharedcontext.audit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import dev.sharedcontext.web.InvalidInputException;

/**
 * The opaque {@code next_cursor} of an audit page: the id of the last event returned.
 * Pages run by id, newest first, so walking the cursors visits every event that existed
 * when the walk began exactly once, however many events are recorded meanwhile (those get
 * larger ids and appear on a new first page instead).
 */
final class AuditCursor {

	private static final String PREFIX = "audit:";

	private AuditCursor() {
	}

	static String after(long lastId) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString((PREFIX + lastId).getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * The id the next page starts below, or {@code null} for the first page.
	 * @throws InvalidInputException when the cursor was not made by {@link #after(long)}
	 */
	static Long parse(String cursor) {
		if (cursor == null || cursor.isEmpty()) {
			return null;
		}
		try {
			String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
			if (text.startsWith(PREFIX)) {
				long id = Long.parseLong(text.substring(PREFIX.length()));
				if (id > 0) {
					return id;
				}
			}
		}
		catch (IllegalArgumentException ex) {
			// Not base64 or not a number: reported below like any other foreign cursor.
		}
		throw new InvalidInputException("INVALID_INPUT", "cursor is not a next_cursor returned by this endpoint",
				List.of(new InvalidInputException.FieldError("cursor", "must be a next_cursor from a previous page")));
	}

}
