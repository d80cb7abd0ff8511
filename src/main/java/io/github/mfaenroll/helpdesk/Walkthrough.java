package io.github.mfaenroll.helpdesk;

import io.github.mfaenroll.enrollment.Enrollment;
import io.github.mfaenroll.enrollment.EnrollmentStore;
import io.github.mfaenroll.iam.AccountDirectory;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.IamFailure;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a person is in the wizard right now, for a helpdesk agent on the phone with them. Built from the enrollment
 * row (state, failed attempts, last problem, times) and IAM's list of the user's devices. By construction it holds
 * nothing secret: no seed, QR code, key URI or code is read, so none can leak into the page or its JSON.
 */
public record Walkthrough(EnrollmentStore enrollments, AccountDirectory accounts, Clock clock) {

    /** IAM user names: what the URL may name (anything else is answered 404 before IAM or the database is asked). */
    public static final Pattern USER_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");

    /** The wizard step as the helpdesk sees it. */
    public enum Step {
        NOT_STARTED, STARTING, DEVICE_CREATED, ENABLED, CANCELLED, EXPIRED, FAILED;

        /** The lower-case name used in JSON and message keys ({@code device_created}). */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One snapshot.
     *
     * @param hasMfa             whether IAM lists an MFA device for the user now; null when IAM could not be asked
     * @param lastProblem        the last mistake's code ({@code wrong_order}, {@code clock_ahead}, …) or null
     * @param clockOffsetSeconds how far off the phone's clock was, for the clock problems; else null
     * @param updatedAt          the last change of the enrollment; null before the first one
     * @param expiresAt          when the running enrollment ends if unfinished; null when none is running
     */
    public record Progress(String user, Boolean hasMfa, Step step, int failedAttempts, String lastProblem,
                           Long clockOffsetSeconds, Instant updatedAt, Instant expiresAt) {
    }

    /** The user does not exist in IAM. */
    public static final class UnknownUser extends RuntimeException {
        public UnknownUser() {
            super("no such IAM user");
        }
    }

    /**
     * IAM's spelling of a user name typed in any case ({@code Alice} for {@code alice}); the name as typed when IAM
     * cannot be asked (the page then says so). Throws {@link UnknownUser} when IAM says the user does not exist.
     */
    public String spellingInIam(AccountUser typed) {
        try {
            return accounts.iam(typed.account()).getUser(typed.name()).userName();
        } catch (IamFailure e) {
            if (e.kind() == IamFailure.Kind.NO_SUCH_ENTITY) {
                throw new UnknownUser();
            }
            return typed.name();
        }
    }

    /** The user's progress now. Throws {@link UnknownUser} when IAM says the user does not exist. */
    public Progress progress(AccountUser iamUser) {
        Boolean hasMfa = hasMfa(iamUser);
        Optional<Enrollment> latest = enrollments.findLatest(iamUser);
        if (latest.isEmpty()) {
            return new Progress(iamUser.name(), hasMfa, Step.NOT_STARTED, 0, null, null, null, null);
        }
        Enrollment enrollment = latest.get();
        Step step = stepOf(enrollment);
        boolean running = step == Step.STARTING || step == Step.DEVICE_CREATED;
        return new Progress(iamUser.name(), hasMfa, step, enrollment.failedAttempts(), enrollment.lastProblem(),
                enrollment.lastClockOffsetSeconds(), enrollment.updatedAt(), running ? enrollment.expiresAt() : null);
    }

    private Step stepOf(Enrollment enrollment) {
        // An unfinished enrollment past its time is over, even before the sweeper has marked it.
        if (enrollment.state().active() && enrollment.expiredAt(clock.instant())) {
            return Step.EXPIRED;
        }
        return switch (enrollment.state()) {
            case STARTED -> Step.STARTING;
            case DEVICE_CREATED -> Step.DEVICE_CREATED;
            case ENABLED -> Step.ENABLED;
            case CANCELLED -> Step.CANCELLED;
            case EXPIRED -> Step.EXPIRED;
            case FAILED -> Step.FAILED;
        };
    }

    private Boolean hasMfa(AccountUser iamUser) {
        try {
            return !accounts.iam(iamUser.account()).listMfaDevices(iamUser.name()).isEmpty();
        } catch (IamFailure e) {
            if (e.kind() == IamFailure.Kind.NO_SUCH_ENTITY) {
                throw new UnknownUser();
            }
            // The walk-through still shows what the database knows; the page says IAM could not be asked.
            return null;
        }
    }
}
