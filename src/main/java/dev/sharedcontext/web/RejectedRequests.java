package dev.sharedcontext.web;

import java.util.List;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Reports requests refused before any controller saw them (by the container or by Spring
 * Security's firewall) as a {@link RequestRejected} event: such requests are probes more
 * often than mistakes (SPEC §9, "validation failures that look like attacks"), and the
 * audit log records them.
 */
final class RejectedRequests {

	private final ApplicationEventPublisher events;

	private final TrustedProxies proxies;

	RejectedRequests(ApplicationEventPublisher events, TrustedProxies proxies) {
		this.events = events;
		this.proxies = proxies;
	}

	void audit(String method, String path, String reason, int status) {
		this.events.publishEvent(new RequestRejected(method, path, reason, status));
	}

	String clientAddress(String peer, List<String> forwardedFor) {
		return this.proxies.clientAddress(peer, forwardedFor);
	}

}
