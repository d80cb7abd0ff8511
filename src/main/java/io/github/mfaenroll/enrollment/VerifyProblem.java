package io.github.mfaenroll.enrollment;

import io.github.mfaenroll.totp.PairVerdict;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Why a code pair was not accepted or an enrollment ended, in the setup wizard and in resync. Each value carries its
 * stable {@link #code()} (stored as the enrollment's last problem, a metrics label, in audit details) and which
 * screens have a sentence for it ({@code verify.problem.CODE}, {@code resync.problem.CODE}).
 */
public enum VerifyProblem {
    NOT_SIX_DIGITS(true, true),
    SAME_CODE_TWICE(true, true),
    WRONG_ORDER(true, false),
    NOT_CONSECUTIVE(true, false),
    TOO_OLD(true, false),
    CLOCK_AHEAD(true, false),
    CLOCK_BEHIND(true, false),
    FIRST_CODE_WRONG(true, false),
    SECOND_CODE_WRONG(true, false),
    NOT_THIS_KEY(true, false),
    ALREADY_USED(true, true),
    /** The local check passed but IAM refused the codes (they aged on the way, or a resync pair was wrong). */
    AWS_REJECTED(true, true),
    /** Too many wrong pairs: the wizard's enrollment ends, a resync pauses. */
    TOO_MANY_ATTEMPTS(false, true),
    /** The person's failures across enrollments and resyncs reached the hourly limit. */
    LOCKED_OUT(false, false),
    /** The device is no longer on the user (the helpdesk removed it meanwhile). */
    DEVICE_GONE(false, true),
    /** The instance died while creating the device; the enrollment was ended on the next start. */
    INTERRUPTED(false, false);

    private final boolean inWizard;
    private final boolean inResync;

    VerifyProblem(boolean inWizard, boolean inResync) {
        this.inWizard = inWizard;
        this.inResync = inResync;
    }

    /** The local check's verdict, one to one. */
    public static VerifyProblem of(PairVerdict.Reason reason) {
        return valueOf(reason.name());
    }

    /** The value whose {@link #code()} this is (as stored); empty for anything else. */
    public static Optional<VerifyProblem> fromCode(String code) {
        return Arrays.stream(values()).filter(p -> p.code().equals(code)).findFirst();
    }

    /** The stable lower-case name: {@code clock_ahead}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the wizard explains it in a sentence of its own (the helpdesk's walk-through shows the same words). */
    public boolean inWizard() {
        return inWizard;
    }

    /** The wizard's sentence: {@code {0}} the clock offset in seconds, {@code {1}} the attempts left. */
    public String wizardMessageKey() {
        if (!inWizard) {
            throw new IllegalStateException(this + " has no sentence in the wizard");
        }
        return "verify.problem." + code();
    }

    /** The resync page's sentence: {@code {0}} the attempts left, or for a pause the minutes until the next try. */
    public String resyncMessageKey() {
        if (!inResync) {
            throw new IllegalStateException(this + " has no sentence on the resync page");
        }
        return "resync.problem." + code();
    }

    /** Whether {@code {0}} of the wizard's sentence is the phone's clock offset. */
    public boolean clockProblem() {
        return this == CLOCK_AHEAD || this == CLOCK_BEHIND;
    }
}
