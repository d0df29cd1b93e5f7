package dev.sharedcontext.web;

import org.slf4j.MDC;

/**
 * Who and where the current request comes from, as set by {@link RequestIdFilter}. Empty
 * outside a request (for example in the command-line token tool).
 */
public final class RequestContext {

	static final String REQUEST_ID = "requestId";

	static final String REMOTE_ADDRESS = "remoteAddress";

	private RequestContext() {
	}

	public static String requestId() {
		return MDC.get(REQUEST_ID);
	}

	public static String remoteAddress() {
		return MDC.get(REMOTE_ADDRESS);
	}

}
