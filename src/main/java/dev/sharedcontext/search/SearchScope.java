package dev.sharedcontext.search;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import dev.sharedcontext.visibility.Visibility;
import dev.sharedcontext.web.InvalidInputException;

/**
 * Which tier a search looks in ({@code search_scope}). A scope narrows the search; it
 * never widens it: the visibility rules still decide which messages of that tier the
 * caller may see.
 */
public enum SearchScope {

	ALL(null), PUBLIC(Visibility.PUBLIC), PRIVATE(Visibility.PRIVATE), AGENT_ONLY(Visibility.AGENT_ONLY),
	ADMIN_ONLY(Visibility.ADMIN_ONLY);

	private static final String EXPECTED = "must be all, public, private, agent_only or admin_only";

	private final Visibility tier;

	SearchScope(Visibility tier) {
		this.tier = tier;
	}

	/** The one tier searched, or {@code null} for every tier the caller may read. */
	public Visibility tier() {
		return this.tier;
	}

	@JsonValue
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	@JsonCreator
	public static SearchScope of(String value) {
		return Arrays.stream(values())
			.filter((scope) -> scope.value().equals(value))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("search_scope " + EXPECTED));
	}

	/**
	 * Parses a scope named by a client; {@code null} means {@link #ALL}.
	 * @throws InvalidInputException naming {@code field} when the value is not a scope
	 */
	public static SearchScope parse(String value, String field) {
		if (value == null) {
			return ALL;
		}
		try {
			return of(value);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException("INVALID_INPUT", field + " " + EXPECTED,
					List.of(new InvalidInputException.FieldError(field, EXPECTED)));
		}
	}

}
