package dev.sharedcontext.visibility;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.web.InvalidInputException;

/**
 * The four tiers of SPEC §5. Each tier names the permission needed to post it and the
 * audience that may read it; {@link VisibilityPolicy} turns the audience into both the
 * SQL predicate and the in-memory check, so every read path applies the same table.
 */
public enum Visibility {

	PUBLIC(Permission.WRITE, Audience.EVERY_READER), PRIVATE(Permission.WRITE, Audience.SENDER),
	AGENT_ONLY(Permission.WRITE, Audience.SAME_AGENT_TYPE), ADMIN_ONLY(Permission.ADMIN, Audience.ADMINS);

	/** Who may read a message of a tier. */
	public enum Audience {

		EVERY_READER, SENDER, SAME_AGENT_TYPE, ADMINS

	}

	private final Permission requiredToPost;

	private final Audience audience;

	Visibility(Permission requiredToPost, Audience audience) {
		this.requiredToPost = requiredToPost;
		this.audience = audience;
	}

	public Permission requiredToPost() {
		return this.requiredToPost;
	}

	public Audience audience() {
		return this.audience;
	}

	@JsonValue
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Parses a tier named by a client; {@code null} stays {@code null}.
	 * @throws InvalidInputException naming {@code field} when the value is not a tier
	 */
	public static Visibility parse(String value, String field) {
		if (value == null) {
			return null;
		}
		try {
			return of(value);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException("INVALID_INPUT",
					field + " must be public, private, agent_only or admin_only",
					List.of(new InvalidInputException.FieldError(field,
							"must be public, private, agent_only or admin_only")));
		}
	}

	@JsonCreator
	public static Visibility of(String value) {
		return Arrays.stream(values())
			.filter((v) -> v.value().equals(value))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(
					"Unknown visibility; expected public, private, agent_only or admin_only"));
	}

}
