package io.github.mfaenroll.limits;

import java.time.Instant;

/**
 * A client address is over its request limit for this kind of request. Answered once, in the web layer's error
 * pages: 429 with {@code Retry-After} and a plain page. Nothing was done for the refused request.
 */
public final class TooManyRequests extends RuntimeException {

    private final AddressLimits.Scope scope;
    private final Instant retryAt;
    private final long retryAfterSeconds;

    public TooManyRequests(AddressLimits.Scope scope, Instant retryAt, long retryAfterSeconds) {
        super("too many " + scope.label() + " from one address");
        this.scope = scope;
        this.retryAt = retryAt;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public AddressLimits.Scope scope() {
        return scope;
    }

    public Instant retryAt() {
        return retryAt;
    }

    /** Whole seconds until the address may try again, at least 1. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
