package io.github.mfaenroll.iam;

import java.time.Duration;

/**
 * The IAM calls one AWS account may receive, or one kind of caller's share of them, as a token bucket: every call
 * takes a token first. {@link LocalCallBudget} keeps the bucket in this process; {@link SharedCallBudget} keeps it in
 * PostgreSQL, so every instance of the app draws on the same one.
 */
public interface IamCallBudget {

    /**
     * Takes one call from the budget, waiting for it at most {@code maxWait}.
     *
     * @return whether the call may start; false when no token would come in time (then none is taken)
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    boolean tryTake(Duration maxWait) throws InterruptedException;
}
