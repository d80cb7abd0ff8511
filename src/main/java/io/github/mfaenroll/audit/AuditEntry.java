package io.github.mfaenroll.audit;

import java.time.Instant;

/**
 * One audit record. {@code subject} is the IAM user acted on; {@code reference} ties the entry to a log line
 * and to the reference shown on an error page. {@code detail} never holds a seed, code or token.
 */
public record AuditEntry(long id, Instant occurredAt, String actor, String subject, AuditAction action,
                         Outcome outcome, String detail, String reference) {

    public enum Outcome { SUCCESS, FAILURE, DENIED }
}
