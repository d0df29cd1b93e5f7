package dev.sharedcontext.web;

import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * A domain failure a client can act on. Each subclass is one failure with a stable
 * {@link #code()}; REST renders it as an RFC 9457 problem, MCP as an {@code isError} tool
 * result. Messages are written for the caller and never carry a secret, SQL or another
 * agent's data.
 */
public abstract class ApiException extends RuntimeException {

	private final String code;

	private final HttpStatus status;

	protected ApiException(HttpStatus status, String code, String message) {
		super(message, null, false, false);
		this.status = status;
		this.code = code;
	}

	public String code() {
		return this.code;
	}

	public HttpStatus status() {
		return this.status;
	}

	/** Hints on what to do next, for a human or an LLM reading the error. */
	public List<String> suggestions() {
		return List.of();
	}

}
