package io.github.mfaenroll.iam;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.model.IamException;

/**
 * Paces and measures every IAM call made to one AWS account, including the reconcile read after a failed enable.
 * <ul>
 *   <li>Rate limit: the account's {@link IamCallBudget}, shared by every request of this process (and, on
 *       PostgreSQL, of every instance); a call waits for its token before the SDK starts its timers, so a wave of
 *       sign-ups turns into waiting, not into IAM throttling errors. A call that would wait longer than the SDK gives
 *       a whole call fails as IAM's own {@code Throttling} would, so no request thread waits without end.</li>
 *   <li>Metrics: {@code mfa_iam_calls} timer by account, action and outcome (ok, or IAM's error code).</li>
 * </ul>
 * Built per account by {@link IamBudgets}.
 */
public final class IamCallGuard implements ExecutionInterceptor {

    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("mfa-enroll.iam.started");

    private final String account;
    private final IamCallBudget budget;
    private final Duration maxWait;
    private final MeterRegistry registry;

    /**
     * @param account the account's id as the metrics label shows it
     * @param budget the account's calls
     * @param maxWait the longest a call waits for its token before it fails as throttled
     */
    IamCallGuard(String account, IamCallBudget budget, Duration maxWait, MeterRegistry registry) {
        this.account = Objects.requireNonNull(account, "account");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        boolean allowed;
        try {
            allowed = budget.tryTake(maxWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to call IAM", e);
        }
        if (!allowed) {
            // Not recorded in mfa_iam_calls: the call never reached IAM.
            throw IamException.builder().message("mfa-enroll: the account's IAM call budget is used up")
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("Throttling").build()).statusCode(400)
                    .build();
        }
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        record(attributes, "ok");
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        Throwable failure = context.exception();
        String outcome = failure instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                && aws.awsErrorDetails().errorCode() != null ? aws.awsErrorDetails().errorCode()
                : failure instanceof SdkServiceException ? "service_error" : "client_error";
        record(attributes, outcome);
    }

    private void record(ExecutionAttributes attributes, String outcome) {
        Long started = attributes.getAttribute(STARTED);
        if (started == null) {
            return;
        }
        Timer.builder("mfa.iam.calls")
                .description("IAM calls by account, action and outcome")
                .tag("account", account)
                .tag("action", String.valueOf(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)))
                .tag("outcome", outcome)
                .register(registry)
                .record(Duration.ofNanos(System.nanoTime() - started));
    }
}
