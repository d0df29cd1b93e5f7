-- Tamper evidence for the audit log: every row carries the SHA-256 of the previous row (prev_hash) and its own
-- (hash, over prev_hash and the row's stored fields; see dev.sharedcontext.audit.AuditChain). The chain starts at
-- the first row, whose prev_hash is 64 zeros.
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
