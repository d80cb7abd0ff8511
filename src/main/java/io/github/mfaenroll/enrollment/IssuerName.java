package io.github.mfaenroll.enrollment;

import io.github.mfaenroll.iam.IamFailure;
import io.github.mfaenroll.iam.IamGateway;
import io.github.mfaenroll.iam.MfaSerial;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The issuer authenticator apps show next to the account: {@code MFA_ISSUER} if set, else "AWS" plus the
 * account alias, else "AWS" plus the account id (taken from the device's ARN). The alias is read at most once an
 * hour, not once per enrollment: it almost never changes, and every IAM call counts against the account's allowance.
 */
public final class IssuerName {

    /** How long a read alias is used before it is read again (an alias renamed meanwhile shows up within this). */
    static final Duration ALIAS_TTL = Duration.ofHours(1);

    private record Alias(Optional<String> value, Instant readAt) {
    }

    private final String configured;
    private final IamGateway iam;
    private final Clock clock;
    private final AtomicReference<Alias> alias = new AtomicReference<>();

    public IssuerName(String configured, IamGateway iam, Clock clock) {
        this.configured = configured;
        this.iam = iam;
        this.clock = clock;
    }

    public String forDevice(String serialNumber) {
        if (configured != null) {
            return configured;
        }
        return "AWS " + accountAlias().orElseGet(() -> new MfaSerial(serialNumber).accountId().orElse("account"));
    }

    private Optional<String> accountAlias() {
        Instant now = clock.instant();
        Alias known = alias.get();
        if (known != null && known.readAt().plus(ALIAS_TTL).isAfter(now)) {
            return known.value();
        }
        try {
            Optional<String> looked = iam.accountAlias();
            alias.set(new Alias(looked, now));
            return looked;
        } catch (IamFailure e) {
            // Not cached: the next enrollment tries again. Meanwhile the last alias read, if any, is still the best.
            return known == null ? Optional.empty() : known.value();
        }
    }
}
