package dev.sharedcontext.audit;

import org.springframework.stereotype.Component;

/**
 * Walks the audit log's hash chain ({@link AuditChain}) from the oldest remaining row and
 * names the first row that was altered, or whose predecessor was deleted, inserted or
 * altered. The oldest remaining row may point at a row that a recorded purge (retention
 * or row budget) deleted; one that points at a row deleted without such a record is
 * broken.
 */
@Component
public class AuditVerifier {

	private final AuditRepository repository;

	AuditVerifier(AuditRepository repository) {
		this.repository = repository;
	}

	public AuditVerification verify() {
		Walk walk = new Walk();
		this.repository.scan(walk::visit);
		return new AuditVerification(walk.brokenId == null, walk.checked, walk.unchained, walk.brokenId, walk.problem);
	}

	private final class Walk {

		private long checked;

		private long unchained;

		private Long brokenId;

		private String problem;

		private Long previousId;

		private String previousHash;

		void visit(AuditRepository.StoredRow row) {
			if (this.brokenId != null) {
				return;
			}
			if (this.previousId == null) {
				if (row.hash() == null) {
					this.unchained++;
					return;
				}
				if (!AuditChain.GENESIS.equals(row.prevHash())
						&& !AuditVerifier.this.repository.purgeDeleted(row.prevHash())) {
					broken(row, "the rows before it were deleted without a recorded purge");
					return;
				}
			}
			else if (row.hash() == null) {
				broken(row, "it has no hash although row " + this.previousId + " before it has one");
				return;
			}
			else if (!this.previousHash.equals(row.prevHash())) {
				broken(row, "its prev_hash does not match the hash of row " + this.previousId
						+ ": rows between them were deleted or inserted, or row " + this.previousId + " was altered");
				return;
			}
			if (!row.computedHash().equals(row.hash())) {
				broken(row, "its contents do not match its hash: the row was altered");
				return;
			}
			this.previousId = row.id();
			this.previousHash = row.hash();
			this.checked++;
		}

		private void broken(AuditRepository.StoredRow row, String problem) {
			this.brokenId = row.id();
			this.problem = problem;
		}

	}

}
