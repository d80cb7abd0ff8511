package io.github.mfaenroll.enrollment;

/** The answer to a resync request. */
public sealed interface ResyncResult {

    /** IAM accepted the two codes: the device is in step with IAM again. */
    record Resynced(String serialNumber) implements ResyncResult {
    }

    /**
     * Nothing changed. {@code problem} names why (a message key suffix, e.g. {@code aws_rejected}); {@code count} is
     * the attempts left before a pause, or for {@code too_many_attempts} the minutes until the next try.
     */
    record Rejected(String problem, long count) implements ResyncResult {
    }

    /** The serial is not one of the session user's own resyncable devices: nothing was sent to IAM. */
    record UnknownDevice() implements ResyncResult {
    }
}
