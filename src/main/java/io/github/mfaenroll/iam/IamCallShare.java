package io.github.mfaenroll.iam;

import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Caps one kind of caller at a share of the IAM call budget, before {@link IamCallGuard} paces every call. The
 * enrollment wizard gets most of the budget but never all of it: however many people enroll at once, the helpdesk,
 * the compliance view and the background jobs still get their calls through. The share is a budget of its own,
 * per account and, on PostgreSQL, shared by every instance like the account's (see {@link IamBudgets}).
 */
public final class IamCallShare implements ExecutionInterceptor {

    /** The longest an employee's request waits for its share before it is answered "busy". */
    static final Duration MAX_WAIT = Duration.ofSeconds(5);

    private final IamCallBudget budget;

    /** @param budget this caller's calls (at least one a second; see {@link #wizardShareOf(int)}) */
    IamCallShare(IamCallBudget budget) {
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    /**
     * The wizard's share of a budget of {@code callsPerSecond}: three quarters, at least one call a second, and at
     * least one call a second left for everyone else whenever the budget has two.
     */
    public static int wizardShareOf(int callsPerSecond) {
        int budget = Math.max(1, callsPerSecond);
        int share = Math.max(1, budget * 3 / 4);
        return budget >= 2 ? Math.min(share, budget - 1) : share;
    }

    /**
     * Waits for a call of the share, at most {@link #MAX_WAIT}; past that the call fails as throttled (the wizard
     * says "AWS is busy, try again"), so waiting employees never hold every request thread and the helpdesk's pages
     * keep being served.
     */
    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        boolean allowed;
        try {
            allowed = budget.tryTake(MAX_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to call IAM", e);
        }
        if (!allowed) {
            throw IamException.builder().message("mfa-enroll: the wizard's share of IAM calls is used up")
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("Throttling").build()).statusCode(400)
                    .build();
        }
    }
}
