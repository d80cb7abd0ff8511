package io.github.mfaenroll.enrollment;

import io.github.mfaenroll.iam.IamFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The enrollment, verification and resync counters on {@code /metrics}: their names, their labels, and every label
 * value they can take, registered at zero when the app starts. Prometheus alerts on {@code rate()} and on absence
 * need a series before its first event; a counter made at its first increment is missing until something happens.
 * Counts only, never a user or a serial.
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

    public EnrollmentMetrics(MeterRegistry registry) {
        this.registry = registry;
        started();
        completed();
        for (IamFailure.Kind kind : IamFailure.Kind.values()) {
            failed(creationReason(kind));
        }
        ENDING_IAM_FAILURES.forEach(kind -> failed(label(kind)));
        ENDING_PROBLEMS.forEach(problem -> failed(problem.code()));
        failed(EXPIRED);
        for (VerifyProblem problem : VerifyProblem.values()) {
            if (problem.inWizard()) {
                rejected(problem);
            }
        }
        resyncs(RESYNCED);
        RESYNC_PROBLEMS.forEach(problem -> resyncs(problem.code()));
    }

    void enrollmentStarted() {
        started().increment();
    }

    void enrollmentCompleted() {
        completed().increment();
    }

    /** IAM refused to create the device. */
    void creationFailed(IamFailure.Kind kind) {
        failed(creationReason(kind)).increment();
    }

    /** The wizard ended a running enrollment: too many wrong pairs, or the user's hourly lockout. */
    void endedBy(VerifyProblem problem) {
        failed(problem.code()).increment();
    }

    /** IAM's answer to EnableMFADevice ended it ({@link #ENDING_IAM_FAILURES}). */
    void endedBy(IamFailure.Kind kind) {
        failed(label(kind)).increment();
    }

    void expired() {
        failed(EXPIRED).increment();
    }

    /** A code pair the wizard refused, locally or because IAM did. */
    void pairRejected(VerifyProblem problem) {
        rejected(problem).increment();
    }

    void resynced() {
        resyncs(RESYNCED).increment();
    }

    void resyncRefused(VerifyProblem problem) {
        resyncs(problem.code()).increment();
    }

    private Counter started() {
        return Counter.builder(STARTED).description("Enrollments started (a device is being created)")
                .register(registry);
    }

    private Counter completed() {
        return Counter.builder(COMPLETED).description("Enrollments that bound a device to their IAM user")
                .register(registry);
    }

    private Counter failed(String reason) {
        return Counter.builder(FAILED).description("Enrollments that ended without a device, by reason")
                .tag("reason", reason).register(registry);
    }

    private Counter rejected(VerifyProblem problem) {
        return Counter.builder(REJECTED).description("Code pairs the setup wizard refused, by reason")
                .tag("reason", problem.code()).register(registry);
    }

    private Counter resyncs(String outcome) {
        return Counter.builder(RESYNCS).description("Resyncs of a drifted device, by outcome")
                .tag("outcome", outcome).register(registry);
    }

    private static String creationReason(IamFailure.Kind kind) {
        return "create_" + label(kind);
    }

    private static String label(IamFailure.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
