package io.github.mfaenroll.iam;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;

/**
 * A call budget kept in this process's memory. Right for the embedded H2 database: the file is opened by one server
 * process (a CLI command borrows it through H2's AUTO_SERVER, but serves no employee), so there is no other instance
 * to share the budget with, and a bucket in memory costs no database round trip per IAM call.
 */
public final class LocalCallBudget implements IamCallBudget {

    private final Bucket bucket;

    /** @param callsPerSecond the most calls started in any second (at least 1) */
    public LocalCallBudget(int callsPerSecond) {
        this.bucket = Bucket.builder().addLimit(configuration(callsPerSecond).getBandwidths()[0]).build();
    }

    /**
     * One token every 1/rate seconds and no stored burst (capacity 1): calls are at least 1/rate apart, so no
     * one-second window ever holds more than {@code rate} calls. A full bucket of {@code rate} would allow twice that.
     */
    static BucketConfiguration configuration(int callsPerSecond) {
        int rate = Math.max(1, callsPerSecond);
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(1).refillGreedy(rate, Duration.ofSeconds(1)).build())
                .build();
    }

    @Override
    public boolean tryTake(Duration maxWait) throws InterruptedException {
        // bucket4j refuses a wait of zero as a blocking call: then it is a plain try.
        return maxWait.isZero() || maxWait.isNegative() ? bucket.tryConsume(1)
                : bucket.asBlocking().tryConsume(1, maxWait);
    }
}
