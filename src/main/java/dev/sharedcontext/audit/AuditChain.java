package dev.sharedcontext.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash chain that makes the audit log tamper-evident: each row's {@code hash} is the
 * SHA-256 of the previous row's hash and a canonical encoding of the row's fields exactly
 * as stored, so editing a row changes its hash, and deleting or reordering rows breaks
 * the next row's {@code prev_hash}. It is not keyed: someone who can write the file and
 * recompute every later hash is not stopped, only someone who edits rows in place (or
 * deletes them) is detected.
 */
final class AuditChain {

	/** The {@code prev_hash} of the first chained row. */
	static final String GENESIS = "0".repeat(64);

	private AuditChain() {
	}

	/**
	 * The hash of a row. Each field is written as its length and its text (or {@code -}
	 * for null), so no two different rows encode to the same bytes.
	 */
	static String hash(String prevHash, long occurredAtMillis, String eventType, String agentId, String sessionId,
			String resource, String action, String result, String remoteAddress, String requestId, String details) {
		StringBuilder canonical = new StringBuilder(256);
		for (String field : new String[] { prevHash, Long.toString(occurredAtMillis), eventType, agentId, sessionId,
				resource, action, result, remoteAddress, requestId, details }) {
			if (field == null) {
				canonical.append('-');
			}
			else {
				canonical.append(field.length()).append(':').append(field);
			}
			canonical.append('|');
		}
		return HexFormat.of().formatHex(sha256().digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JVM", ex);
		}
	}

}
