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

	/** The first instant of year 0000, the earliest time a client may send. */
	public static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");

	/** The last instant of year 9999, the latest time a client may send. */
	public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

	private static final String IN_RANGE = "must lie between 0000-01-01T00:00:00Z and 9999-12-31T23:59:59.999999999Z";

	private Timestamps() {
	}

	/**
	 * Parses a client's time; {@code null} stays {@code null}.
	 * @throws InvalidInputException naming {@code field} when the value is not an
	 * ISO-8601 time in the four-digit years
	 */
	public static Instant parse(String value, String field) {
		return (value != null) ? requireFourDigitYear(parseIso(value.strip(), field), field) : null;
	}

	/**
	 * ISO-8601 parses years up to ±999,999,999, which no epoch-millisecond column can
	 * hold ({@code toEpochMilli} overflows): a time outside the four-digit years is a
	 * client's mistake, answered as one rather than as a server error.
	 * @throws InvalidInputException naming {@code field} when {@code time} is outside
	 * years 0000–9999
	 */
	public static Instant requireFourDigitYear(Instant time, String field) {
		if (time.isBefore(EARLIEST) || time.isAfter(LATEST)) {
			throw new InvalidInputException("INVALID_INPUT", field + " " + IN_RANGE,
					List.of(new InvalidInputException.FieldError(field, IN_RANGE)));
		}
		return time;
	}

	private static Instant parseIso(String text, String field) {
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
