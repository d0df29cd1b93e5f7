package dev.sharedcontext.mcp;

import java.util.List;
import java.util.Set;

/**
 * The MCP revisions this endpoint speaks, in two eras: the stateless revision
 * ({@link #MODERN}, every request carries its version in {@code _meta}) and the handshake
 * revisions ({@link #HANDSHAKE}, negotiated once by {@code initialize} for an
 * {@code Mcp-Session-Id} session). {@code initialize} negotiates among the handshake
 * revisions only: the stateless revision has no handshake to negotiate it with.
 */
public final class ProtocolVersions {

	/** The newest handshake revision: what {@code initialize} answers by default. */
	public static final String LATEST = "2025-11-25";

	/** The stateless revision. */
	public static final String MODERN = "2026-07-28";

	/**
	 * Assumed when a client sends no {@code MCP-Protocol-Version} header (per the
	 * 2025-06-18 transport spec).
	 */
	public static final String DEFAULT_WITHOUT_HEADER = "2025-03-26";

	/** The revisions {@code initialize} can negotiate, newest first. */
	public static final List<String> HANDSHAKE = List.of("2025-11-25", "2025-06-18", "2025-03-26");

	/**
	 * Every revision served, newest first: {@code server/discover}'s
	 * {@code supportedVersions} and the {@code supported} list of an unsupported-version
	 * error (a client checks that both agree).
	 */
	public static final List<String> ALL = List.of(MODERN, "2025-11-25", "2025-06-18", "2025-03-26");

	/**
	 * The revisions of the handshake era, served or not: a version header naming one of
	 * these keeps a request on the handshake path; any other header value is the
	 * stateless era's to answer.
	 */
	private static final Set<String> LEGACY = Set.of("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25");

	private ProtocolVersions() {
	}

	/** Whether we speak {@code version}; {@code null} (not sent) is not a version. */
	public static boolean isSupported(String version) {
		// List.of(...).contains(null) throws instead of answering false
		return version != null && ALL.contains(version);
	}

	/** Whether {@code initialize} can settle on {@code version}. */
	public static boolean isHandshake(String version) {
		return version != null && HANDSHAKE.contains(version);
	}

	/**
	 * Whether {@code version} names a revision of the handshake era (one we speak or an
	 * older one such as 2024-11-05).
	 */
	public static boolean isLegacy(String version) {
		return version != null && LEGACY.contains(version);
	}

	/** Whether JSON-RPC batches exist in {@code version} (2025-06-18 removed them). */
	public static boolean hasBatches(String version) {
		return "2025-03-26".equals(version);
	}

	/**
	 * The client's version when {@code initialize} can settle on it, otherwise our latest
	 * handshake revision (the client then decides whether to go on); never
	 * {@link #MODERN}.
	 */
	public static String negotiate(String requested) {
		return isHandshake(requested) ? requested : LATEST;
	}

}
