package dev.sharedcontext.auth;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a token lets its holder do (SPEC §4). */
public enum Permission {

	/** Sessions, visible messages, own memory. */
	READ,
	/** Create sessions, post messages, write own memory. */
	WRITE,
	/** The admin_only tier, audit log, token administration, visibility changes. */
	ADMIN,
	/** Performance metrics and diagnostics. */
	DEBUG;

	@JsonValue
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	@JsonCreator
	public static Permission of(String value) {
		return Arrays.stream(values())
			.filter((p) -> p.value().equals(value))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(
					"Unknown permission; expected one of read, write, admin, debug"));
	}

	public static Set<Permission> parseList(String commaSeparated) {
		if (commaSeparated == null || commaSeparated.isBlank()) {
			return EnumSet.noneOf(Permission.class);
		}
		return Arrays.stream(commaSeparated.split(","))
			.map(String::trim)
			.map(Permission::of)
			.collect(Collectors.toCollection(() -> EnumSet.noneOf(Permission.class)));
	}

	public static String toList(Collection<Permission> permissions) {
		return permissions.stream().sorted().map(Permission::value).collect(Collectors.joining(","));
	}

	public static List<String> values(Collection<Permission> permissions) {
		return permissions.stream().sorted().map(Permission::value).toList();
	}

}
