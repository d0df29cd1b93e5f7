-- Tamper evidence for the audit log: every row written from now on carries the SHA-256 of the previous row
-- (prev_hash) and its own (hash, over prev_hash and the row's stored fields; see dev.sharedcontext.audit.AuditChain).
-- SQLite has no SHA-256 function, so rows written before this migration are not chained: they keep NULL hashes,
-- and the chain starts at the first row written after it, whose prev_hash is 64 zeros. `audit verify` reports
-- those earlier rows as unchained and checks every row from the chain's start.
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
