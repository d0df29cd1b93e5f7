package dev.sharedcontext.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Times sent by clients: ISO-8601, as the API writes them
 * ({@code 2026-11-25T16:29:18.000Z}), with any offset, or without one (read as UTC, as
 * the Python server did), or a bare date (its first instant, UTC).
 */
public final class Timestamps {

	private static final String EXPECTED = "must be an ISO-8601 time such as 2026-01-31T12:00:00.000Z";

	private Timestamps() {
	}

	/**
	 * Parses a client's time; {@code null} stays {@code null}.
	 * @throws InvalidInputException naming {@code field} when the value is not an
	 * ISO-8601 time
	 */
	public static Instant parse(String value, String field) {
		if (value == null) {
			return null;
		}
		String text = value.strip();
		try {
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException notWithOffset) {
			try {
				return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
			}
			catch (DateTimeParseException notLocal) {
				try {
					return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
				}
				catch (DateTimeParseException notDate) {
					throw new InvalidInputException("INVALID_INPUT", field + " " + EXPECTED,
							List.of(new InvalidInputException.FieldError(field, EXPECTED)));
				}
			}
		}
	}

}
