package dev.sharedcontext.web;

import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;

import dev.sharedcontext.audit.AuditEvent;
import dev.sharedcontext.audit.AuditLog;

/**
 * Records requests refused before any controller saw them (by the container or by Spring
 * Security's firewall) as {@code request_rejected}: such requests are probes more often
 * than mistakes (SPEC §9, "validation failures that look like attacks"). Only method,
 * path, reason and status are kept.
 */
final class RejectedRequests {

	private final ObjectProvider<AuditLog> auditLog;

	private final TrustedProxies proxies;

	RejectedRequests(ObjectProvider<AuditLog> auditLog, TrustedProxies proxies) {
		this.auditLog = auditLog;
		this.proxies = proxies;
	}

	private static final int MAX_PATH = 200;

	void audit(String method, String path, String reason, int status) {
		AuditLog log = this.auditLog.getIfAvailable();
		if (log != null) {
			log.record(AuditEvent.of("request_rejected")
				.resource("http")
				.action(printable(method) + " " + printable(path))
				.result("failure")
				.details(Map.of("reason", reason, "status", status)));
		}
	}

	/** At most 200 characters, control characters replaced: the path is the prober's. */
	private static String printable(String text) {
		String value = (text == null) ? "" : text;
		StringBuilder clean = new StringBuilder(Math.min(value.length(), MAX_PATH) + 3);
		for (int i = 0; i < value.length() && i < MAX_PATH; i++) {
			char c = value.charAt(i);
			clean.append((c < 0x20 || c == 0x7f) ? '?' : c);
		}
		return (value.length() > MAX_PATH) ? clean.append("...").toString() : clean.toString();
	}

	String clientAddress(String peer, List<String> forwardedFor) {
		return this.proxies.clientAddress(peer, forwardedFor);
	}

}
