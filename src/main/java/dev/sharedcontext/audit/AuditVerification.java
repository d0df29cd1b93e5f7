package dev.sharedcontext.audit;

/**
 * The outcome of checking the audit log's hash chain.
 *
 * @param intact whether every chained row is unaltered and linked to the one before it
 * @param checked how many chained rows were checked (up to the first broken one)
 * @param unchained rows written before the chain existed (migration V7), not checked
 * @param brokenId the id of the first row that fails the check, or {@code null}
 * @param problem what is wrong with that row, or {@code null}
 */
public record AuditVerification(boolean intact, long checked, long unchained, Long brokenId, String problem) {

}
