package dev.sharedcontext.memory;

import java.util.List;
import java.util.regex.Pattern;

import dev.sharedcontext.web.InvalidInputException;

/**
 * The shape of memory keys and key prefixes (SPEC §6): up to 255 of
 * {@code [A-Za-z0-9_.:/-]}.
 */
public final class MemoryKeys {

	/** A key: 1–255 characters. */
	public static final String PATTERN = "[A-Za-z0-9_.:/-]{1,255}";

	/** A prefix for listing: like a key, but may be empty. */
	public static final String PREFIX_PATTERN = "[A-Za-z0-9_.:/-]{0,255}";

	private static final Pattern KEY = Pattern.compile(PATTERN);

	private static final Pattern PREFIX = Pattern.compile(PREFIX_PATTERN);

	private MemoryKeys() {
	}

	public static boolean isValid(String key) {
		return key != null && KEY.matcher(key).matches();
	}

	public static boolean isValidPrefix(String prefix) {
		return prefix == null || PREFIX.matcher(prefix).matches();
	}

	/**
	 * @throws InvalidInputException when the key breaks the rule; the message never
	 * echoes it
	 */
	static void requireValid(String key) {
		if (!isValid(key)) {
			throw new InvalidInputException("INVALID_INPUT", "key must be 1 to 255 characters of A-Z a-z 0-9 _ . : / -",
					List.of(new InvalidInputException.FieldError("key", "must match " + PATTERN)));
		}
	}

	/**
	 * @throws InvalidInputException when the prefix breaks the rule
	 */
	static void requireValidPrefix(String prefix) {
		if (!isValidPrefix(prefix)) {
			throw new InvalidInputException("INVALID_INPUT",
					"prefix must be at most 255 characters of A-Z a-z 0-9 _ . : / -",
					List.of(new InvalidInputException.FieldError("prefix", "must match " + PREFIX_PATTERN)));
		}
	}

}
