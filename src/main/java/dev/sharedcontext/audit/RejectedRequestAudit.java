package dev.sharedcontext.audit;

import java.util.Map;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.sharedcontext.web.RequestRejected;

/**
 * Records each {@link RequestRejected} as a {@code request_rejected} row. Only method,
 * path, reason and status are kept, and method and path are made printable and cut to 200
 * characters: they are the prober's text.
 */
@Component
class RejectedRequestAudit {

	private static final int MAX_PATH = 200;

	private final AuditLog auditLog;

	RejectedRequestAudit(AuditLog auditLog) {
		this.auditLog = auditLog;
	}

	@EventListener
	void on(RequestRejected rejected) {
		this.auditLog.record(AuditEvent.of("request_rejected")
			.resource("http")
			.action(printable(rejected.method()) + " " + printable(rejected.path()))
			.result("failure")
			.details(Map.of("reason", rejected.reason(), "status", rejected.status())));
	}

	private static String printable(String text) {
		String value = (text == null) ? "" : text;
		StringBuilder clean = new StringBuilder(Math.min(value.length(), MAX_PATH) + 3);
		for (int i = 0; i < value.length() && i < MAX_PATH; i++) {
			char c = value.charAt(i);
			clean.append((c < 0x20 || c == 0x7f) ? '?' : c);
		}
		return (value.length() > MAX_PATH) ? clean.append("...").toString() : clean.toString();
	}

}
