package io.github.mfaenroll.enrollment;

/** The answer to a submitted code pair. */
public sealed interface VerifyResult {

    /** The device is bound to the user in IAM. */
    record Enabled(String serialNumber) implements VerifyResult {
    }

    /**
     * The pair was not accepted; the enrollment goes on. {@code problem} names the mistake;
     * {@code clockOffsetSeconds} is set for clock problems.
     */
    record Rejected(VerifyProblem problem, long clockOffsetSeconds, int attemptsLeft) implements VerifyResult {
    }
}
