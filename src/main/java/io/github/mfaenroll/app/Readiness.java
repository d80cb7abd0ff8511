package io.github.mfaenroll.app;

import io.github.mfaenroll.iam.IamFailure;
import io.github.mfaenroll.iam.IamGateway;
import io.github.mfaenroll.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether this instance can serve: the database answers and IAM answers. The IAM probe (ListAccountAliases, the
 * cheapest read) is cached briefly, so load-balancer probes every few seconds do not spend the IAM rate budget.
 */
public final class Readiness {

    private static final Duration IAM_PROBE_CACHE = Duration.ofSeconds(15);

    private final Database database;
    private final IamGateway iam;
    private final Clock clock;
    private volatile Instant iamCheckedAt = Instant.MIN;
    private volatile boolean iamReachable;

    public Readiness(Database database, IamGateway iam, Clock clock) {
        this.database = database;
        this.iam = iam;
        this.clock = clock;
    }

    /** The state of each dependency. */
    public record Report(boolean database, boolean iam) {
        public boolean ready() {
            return database && iam;
        }
    }

    public Report check() {
        return new Report(database.reachable(), iamReachable());
    }

    private boolean iamReachable() {
        Instant now = clock.instant();
        if (iamCheckedAt.plus(IAM_PROBE_CACHE).isAfter(now)) {
            return iamReachable;
        }
        boolean reachable;
        try {
            iam.accountAlias();
            reachable = true;
        } catch (IamFailure e) {
            // Throttling still proves IAM is there and our credentials work well enough to be throttled.
            reachable = e.kind() == IamFailure.Kind.THROTTLED;
        }
        iamReachable = reachable;
        iamCheckedAt = now;
        return reachable;
    }
}
