package dev.sharedcontext.database;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A database location as the JDBC driver needs it: the vendor, a {@code jdbc:} URL
 * without credentials in its authority, and the user and password apart from it. Accepts
 * {@code jdbc:sqlite:…}, {@code jdbc:postgresql://…} and the libpq form
 * {@code postgresql://user:password@host[:port]/database[?…]} (also {@code postgres://}),
 * which pgjdbc itself does not take. A user or password given separately
 * ({@code DATABASE_USER}, {@code DATABASE_PASSWORD}) wins over one in the URL.
 * <p>
 * Nothing here repeats the URL in an error or in {@link #toString()}: it may carry a
 * password.
 *
 * @param vendor the engine
 * @param jdbcUrl the URL for the driver
 * @param user the user, or {@code null} for none (or one inside a {@code jdbc:} URL)
 * @param password the password, or {@code null}
 */
public record DatabaseUrl(DatabaseVendor vendor, String jdbcUrl, String user, String password) {

	private static final String SQLITE = "jdbc:sqlite:";

	private static final String JDBC_POSTGRESQL = "jdbc:postgresql:";

	/**
	 * Reads a configured URL.
	 * @param url the URL as configured
	 * @param user a separately configured user, or {@code null}/blank for none
	 * @param password a separately configured password, or {@code null}/blank for none
	 * @return the parsed location
	 * @throws IllegalArgumentException for any other scheme, or a libpq URL without a
	 * host or database
	 */
	public static DatabaseUrl parse(String url, String user, String password) {
		String givenUser = blankToNull(user);
		String givenPassword = blankToNull(password);
		if (url.startsWith(SQLITE)) {
			return new DatabaseUrl(DatabaseVendor.SQLITE, url, null, null);
		}
		if (url.startsWith(JDBC_POSTGRESQL)) {
			return new DatabaseUrl(DatabaseVendor.POSTGRESQL, url, givenUser, givenPassword);
		}
		String rest = stripScheme(url);
		if (rest == null) {
			throw new IllegalArgumentException(
					"DATABASE_URL must start with jdbc:sqlite:, jdbc:postgresql:, postgresql:// or postgres://");
		}
		String urlUser = null;
		String urlPassword = null;
		int at = rest.lastIndexOf('@', endOfAuthority(rest));
		if (at >= 0) {
			String credentials = rest.substring(0, at);
			rest = rest.substring(at + 1);
			int colon = credentials.indexOf(':');
			urlUser = decode(colon >= 0 ? credentials.substring(0, colon) : credentials);
			urlPassword = (colon >= 0) ? decode(credentials.substring(colon + 1)) : null;
		}
		int slash = rest.indexOf('/');
		if (slash <= 0 || slash == rest.length() - 1 || rest.charAt(slash + 1) == '?') {
			throw new IllegalArgumentException("A postgresql:// DATABASE_URL needs a host and a database name");
		}
		return new DatabaseUrl(DatabaseVendor.POSTGRESQL, "jdbc:postgresql://" + rest,
				(givenUser != null) ? givenUser : blankToNull(urlUser),
				(givenPassword != null) ? givenPassword : blankToNull(urlPassword));
	}

	private static String stripScheme(String url) {
		for (String scheme : new String[] { "postgresql://", "postgres://" }) {
			if (url.startsWith(scheme)) {
				return url.substring(scheme.length());
			}
		}
		return null;
	}

	/** The index just past the authority (user, password, host and port). */
	private static int endOfAuthority(String rest) {
		int slash = rest.indexOf('/');
		return (slash >= 0) ? slash : rest.length();
	}

	private static String decode(String part) {
		return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

	@Override
	public String toString() {
		return "DatabaseUrl[" + this.vendor + ", user=" + this.user + ", password="
				+ ((this.password != null) ? "****" : "none") + "]";
	}

}
