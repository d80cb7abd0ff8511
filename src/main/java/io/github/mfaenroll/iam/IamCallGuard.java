package io.github.mfaenroll.iam;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Paces and measures every IAM call the gateway makes, including the reconcile read after a failed enable.
 * <ul>
 *   <li>Rate limit: a token bucket shared by every request of this process; a call waits for its token before the
 *       SDK starts its timers, so a wave of sign-ups turns into waiting, not into IAM throttling errors.</li>
 *   <li>Metrics: {@code mfa_iam_calls} timer by action and outcome (ok, or IAM's error code).</li>
 * </ul>
 */
public final class IamCallGuard implements ExecutionInterceptor {

    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("mfa-enroll.iam.started");

    private final Bucket bucket;
    private final MeterRegistry registry;

    /** @param callsPerSecond the most IAM calls this process starts in any second (at least 1) */
    public IamCallGuard(int callsPerSecond, MeterRegistry registry) {
        int rate = Math.max(1, callsPerSecond);
        // One token every 1/rate seconds and no stored burst (capacity 1): calls are at least 1/rate apart, so no
        // one-second window ever holds more than `rate` calls. A full bucket of `rate` would allow twice that.
        this.bucket = Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(1).refillGreedy(rate, Duration.ofSeconds(1)).build())
                .build();
        this.registry = registry;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        try {
            bucket.asBlocking().consume(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to call IAM", e);
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
                .description("IAM calls by action and outcome")
                .tag("action", String.valueOf(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)))
                .tag("outcome", outcome)
                .register(registry)
                .record(Duration.ofNanos(System.nanoTime() - started));
    }
}
