package dev.sharedcontext.audit;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One row of the audit log (SPEC §9). Holds who did what to which resource with what
 * result, from where, under which request id. Never a secret, a token or message content.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEvent(Long id, Instant timestamp, String eventType, String agentId, String sessionId,
		String resource, String action, String result, String remoteAddress, String requestId,
		Map<String, Object> details) {

	public static Builder of(String eventType) {
		return new Builder(eventType);
	}

	/**
	 * Builds an event; time, remote address and request id are filled in when it is
	 * recorded (the address from the current request unless one is given).
	 */
	public static final class Builder {

		private final String eventType;

		private String agentId;

		private String sessionId;

		private String resource;

		private String action;

		private String result = "success";

		private Map<String, Object> details = Map.of();

		private String remoteAddress;

		private Builder(String eventType) {
			this.eventType = eventType;
		}

		public Builder agent(String agentId) {
			this.agentId = agentId;
			return this;
		}

		public Builder session(String sessionId) {
			this.sessionId = sessionId;
			return this;
		}

		public Builder resource(String resource) {
			this.resource = resource;
			return this;
		}

		public Builder action(String action) {
			this.action = action;
			return this;
		}

		public Builder result(String result) {
			this.result = result;
			return this;
		}

		public Builder details(Map<String, Object> details) {
			this.details = Map.copyOf(details);
			return this;
		}

		/**
		 * The address the event is about, for events recorded outside the request that
		 * caused them (a summary of an address's failures written by a scheduler).
		 */
		public Builder remoteAddress(String remoteAddress) {
			this.remoteAddress = remoteAddress;
			return this;
		}

		AuditEvent build(Instant at, String requestAddress, String requestId) {
			return new AuditEvent(null, at, this.eventType, this.agentId, this.sessionId, this.resource, this.action,
					this.result, (this.remoteAddress != null) ? this.remoteAddress : requestAddress, requestId,
					this.details);
		}

	}

}
