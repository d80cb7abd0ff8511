package io.github.mfaenroll.app;

import io.github.mfaenroll.iam.IamFailure;
import io.github.mfaenroll.iam.IamGateway;
import io.github.mfaenroll.oidc.OidcDiscoveryFailure;
import io.github.mfaenroll.oidc.OidcProvider;
import io.github.mfaenroll.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this instance can serve: the database answers and IAM answers. When company sign-in is on, the identity
 * provider (discovery document and signing keys) is reported too, but does not decide readiness: every instance shares
 * it, so an outage there would take all of them out of the load balancer, onboarding links and local staff sign-in
 * included, which still work without it. A provider that is wrong from the start stops {@code serve} instead. The IAM
 * and provider probes are cached, so load-balancer probes every few seconds neither spend the IAM rate budget nor
 * become load on the provider.
 */
public final class Readiness {

    private static final Logger log = LoggerFactory.getLogger(Readiness.class);
    private static final Duration IAM_PROBE_CACHE = Duration.ofSeconds(15);
    static final Duration PROVIDER_PROBE_CACHE = Duration.ofSeconds(30);

    private final Database database;
    private final IamGateway iam;
    private final Optional<OidcProvider> provider;
    private final Clock clock;
    private volatile Instant iamCheckedAt = Instant.MIN;
    private volatile boolean iamReachable;
    private volatile Instant providerCheckedAt;
    private volatile Provider providerState;
    private final AtomicBoolean probing = new AtomicBoolean();

    /** @param provider the company identity provider; empty when company sign-in is off */
    public Readiness(Database database, IamGateway iam, Optional<OidcProvider> provider, Clock clock) {
        this.database = database;
        this.iam = iam;
        this.provider = provider;
        this.clock = clock;
        this.providerState = provider.isPresent() ? Provider.UP : Provider.OFF;
        // serve checks the provider before it listens: that check is the first probe.
        this.providerCheckedAt = clock.instant();
    }

    /** The company identity provider as readiness sees it. */
    public enum Provider {
        /** Company sign-in is off: nothing to check, and {@code /readyz} does not mention it. */
        OFF,
        UP,
        DOWN
    }

    /** The state of each dependency. */
    public record Report(boolean database, boolean iam, Provider provider) {
        /** The provider is left out on purpose (see the class comment): its line says how it is. */
        public boolean ready() {
            return database && iam;
        }
    }

    public Report check() {
        return new Report(database.reachable(), iamReachable(), providerState());
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

    /**
     * The provider as last probed. Probes run at most once per {@link #PROVIDER_PROBE_CACHE}, one at a time, on a
     * thread of their own: a hung provider (each probe may wait seconds) must not make {@code /readyz} itself slow, or
     * a load balancer's short probe timeout would take the instance out after all. Only a change is logged.
     */
    private Provider providerState() {
        if (provider.isEmpty()) {
            return Provider.OFF;
        }
        if (providerCheckedAt.plus(PROVIDER_PROBE_CACHE).isAfter(clock.instant()) || !probing.compareAndSet(false, true)) {
            return providerState;
        }
        Thread probe = new Thread(this::probeProvider, "readiness-provider-probe");
        probe.setDaemon(true);
        probe.start();
        return providerState;
    }

    private void probeProvider() {
        try {
            Provider state;
            try {
                provider.orElseThrow().probe();
                state = Provider.UP;
            } catch (OidcDiscoveryFailure e) {
                state = Provider.DOWN;
                if (providerState != Provider.DOWN) {
                    log.warn("Company sign-in is failing: the identity provider fails its probe: {}", e.getMessage());
                }
            }
            if (state == Provider.UP && providerState == Provider.DOWN) {
                log.info("Company sign-in works again: the identity provider answers");
            }
            providerState = state;
            providerCheckedAt = clock.instant();
        } finally {
            probing.set(false);
        }
    }
}
