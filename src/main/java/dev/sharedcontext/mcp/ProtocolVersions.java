package dev.sharedcontext.mcp;

import java.util.List;

/** The MCP revisions this endpoint speaks, newest first. */
public final class ProtocolVersions {

	public static final String LATEST = "2025-11-25";

	/**
	 * Assumed when a client sends no {@code MCP-Protocol-Version} header (per the
	 * 2025-06-18 transport spec).
	 */
	public static final String DEFAULT_WITHOUT_HEADER = "2025-03-26";

	public static final List<String> SUPPORTED = List.of("2025-11-25", "2025-06-18", "2025-03-26");

	private ProtocolVersions() {
	}

	/** Whether we speak {@code version}; {@code null} (not sent) is not a version. */
	public static boolean isSupported(String version) {
		// List.of(...).contains(null) throws instead of answering false
		return version != null && SUPPORTED.contains(version);
	}

	/** Whether JSON-RPC batches exist in {@code version} (2025-06-18 removed them). */
	public static boolean hasBatches(String version) {
		return "2025-03-26".equals(version);
	}

	/**
	 * The client's version when we speak it, otherwise our latest (the client then
	 * decides whether to go on).
	 */
	public static String negotiate(String requested) {
		return isSupported(requested) ? requested : LATEST;
	}

}
