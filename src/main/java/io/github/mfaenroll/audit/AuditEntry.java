package io.github.mfaenroll.audit;

import java.time.Instant;

/**
 * One audit record. {@code subject} is the IAM user acted on (in {@code account}), or the staff member or nobody
 * when {@code account} is null; {@code reference} ties the entry to a log line
 * and to the reference shown on an error page. {@code detail} never holds a seed, code or token.
 */
public record AuditEntry(long id, Instant occurredAt, String actor, String account, String subject, AuditAction action,
                         Outcome outcome, String detail, String reference) {

    public enum Outcome { SUCCESS, FAILURE, DENIED }
}
