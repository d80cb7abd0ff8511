package io.github.mfaenroll.enrollment;

/** The answer to a resync request. */
public sealed interface ResyncResult {

    /** IAM accepted the two codes: the device is in step with IAM again. */
    record Resynced(String serialNumber) implements ResyncResult {
    }

    /**
     * Nothing changed. {@code problem} names why; {@code count} is the attempts left before a pause, or for
     * {@link VerifyProblem#TOO_MANY_ATTEMPTS} the minutes until the next try.
     */
    record Rejected(VerifyProblem problem, long count) implements ResyncResult {
    }

    /** The serial is not one of the session user's own resyncable devices: nothing was sent to IAM. */
    record UnknownDevice() implements ResyncResult {
    }
}
