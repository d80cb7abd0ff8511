package io.github.mfaenroll.enrollment;

import io.github.mfaenroll.iam.AccountId;
import io.github.mfaenroll.iam.IamFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The enrollment, verification and resync counters on {@code /metrics}: their names, their labels, and every label
 * value they can take, registered at zero when the app starts. Prometheus alerts on {@code rate()} and on absence
 * need a series before its first event; a counter made at its first increment is missing until something happens.
 * Every series carries the {@code account} it counts (IAM's quotas, and a rollout, are per account): the accounts known
 * at start are registered then, one the organization gains later at its first event. Counts only, never a user or a
 * serial.
 */
public final class EnrollmentMetrics {

    static final String STARTED = "mfa.enrollments.started";
    static final String COMPLETED = "mfa.enrollments.completed";
    static final String FAILED = "mfa.enrollments.failed";
    static final String REJECTED = "mfa.verifications.rejected";
    static final String RESYNCS = "mfa.resyncs";

    /** What IAM may answer to EnableMFADevice that leaves a device nobody can bind: the enrollment ends. */
    static final Set<IamFailure.Kind> ENDING_IAM_FAILURES = EnumSet.of(IamFailure.Kind.NO_SUCH_ENTITY,
            IamFailure.Kind.LIMIT_EXCEEDED, IamFailure.Kind.ENTITY_ALREADY_EXISTS);

    /** Why the wizard ends an enrollment on its own (besides IAM's answers above and expiry). */
    private static final Set<VerifyProblem> ENDING_PROBLEMS = EnumSet.of(VerifyProblem.TOO_MANY_ATTEMPTS,
            VerifyProblem.LOCKED_OUT);

    /** How a resync can end: each reason the resync page explains, and the hourly lockout. */
    private static final Set<VerifyProblem> RESYNC_PROBLEMS = EnumSet.of(VerifyProblem.NOT_SIX_DIGITS,
            VerifyProblem.SAME_CODE_TWICE, VerifyProblem.ALREADY_USED, VerifyProblem.AWS_REJECTED,
            VerifyProblem.TOO_MANY_ATTEMPTS, VerifyProblem.DEVICE_GONE, VerifyProblem.LOCKED_OUT);

    private static final String RESYNCED = "resynced";
    private static final String EXPIRED = "expired";

    private final MeterRegistry registry;

    /** @param accounts the accounts whose series exist from start (the others' from their first event) */
    public EnrollmentMetrics(MeterRegistry registry, List<AccountId> accounts) {
        this.registry = registry;
        accounts.forEach(this::registerAtZero);
    }

    private void registerAtZero(AccountId account) {
        started(account);
        completed(account);
        for (IamFailure.Kind kind : IamFailure.Kind.values()) {
            failed(account, creationReason(kind));
        }
        ENDING_IAM_FAILURES.forEach(kind -> failed(account, label(kind)));
        ENDING_PROBLEMS.forEach(problem -> failed(account, problem.code()));
        failed(account, EXPIRED);
        for (VerifyProblem problem : VerifyProblem.values()) {
            if (problem.inWizard()) {
                rejected(account, problem);
            }
        }
        resyncs(account, RESYNCED);
        RESYNC_PROBLEMS.forEach(problem -> resyncs(account, problem.code()));
    }

    void enrollmentStarted(AccountId account) {
        started(account).increment();
    }

    void enrollmentCompleted(AccountId account) {
        completed(account).increment();
    }

    /** IAM refused to create the device. */
    void creationFailed(AccountId account, IamFailure.Kind kind) {
        failed(account, creationReason(kind)).increment();
    }

    /** The wizard ended a running enrollment: too many wrong pairs, or the user's hourly lockout. */
    void endedBy(AccountId account, VerifyProblem problem) {
        failed(account, problem.code()).increment();
    }

    /** IAM's answer to EnableMFADevice ended it ({@link #ENDING_IAM_FAILURES}). */
    void endedBy(AccountId account, IamFailure.Kind kind) {
        failed(account, label(kind)).increment();
    }

    void expired(AccountId account) {
        failed(account, EXPIRED).increment();
    }

    /** A code pair the wizard refused, locally or because IAM did. */
    void pairRejected(AccountId account, VerifyProblem problem) {
        rejected(account, problem).increment();
    }

    void resynced(AccountId account) {
        resyncs(account, RESYNCED).increment();
    }

    void resyncRefused(AccountId account, VerifyProblem problem) {
        resyncs(account, problem.code()).increment();
    }

    private Counter started(AccountId account) {
        return Counter.builder(STARTED).description("Enrollments started (a device is being created)")
                .tag("account", account.value()).register(registry);
    }

    private Counter completed(AccountId account) {
        return Counter.builder(COMPLETED).description("Enrollments that bound a device to their IAM user")
                .tag("account", account.value()).register(registry);
    }

    private Counter failed(AccountId account, String reason) {
        return Counter.builder(FAILED).description("Enrollments that ended without a device, by reason")
                .tag("reason", reason).tag("account", account.value()).register(registry);
    }

    private Counter rejected(AccountId account, VerifyProblem problem) {
        return Counter.builder(REJECTED).description("Code pairs the setup wizard refused, by reason")
                .tag("reason", problem.code()).tag("account", account.value()).register(registry);
    }

    private Counter resyncs(AccountId account, String outcome) {
        return Counter.builder(RESYNCS).description("Resyncs of a drifted device, by outcome")
                .tag("outcome", outcome).tag("account", account.value()).register(registry);
    }

    private static String creationReason(IamFailure.Kind kind) {
        return "create_" + label(kind);
    }

    private static String label(IamFailure.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
