package dev.sharedcontext.audit;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

import dev.sharedcontext.web.RequestContext;

/**
 * Appends events to the audit log, stamped with the time, the caller's address and the
 * request id. A failure to write is logged, not thrown: auditing must not turn a
 * completed operation into an error for the caller.
 */
@Service
public class AuditLog {

	private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

	private final AuditRepository repository;

	private final Clock clock;

	AuditLog(AuditRepository repository, Clock clock) {
		this.repository = repository;
		this.clock = clock;
	}

	public void record(AuditEvent.Builder event) {
		AuditEvent built = event.build(this.clock.instant(), RequestContext.remoteAddress(),
				RequestContext.requestId());
		try {
			this.repository.insert(built);
		}
		catch (RuntimeException ex) {
			log.error("Could not write audit event {} for request {}", built.eventType(), built.requestId(), ex);
		}
	}

}
