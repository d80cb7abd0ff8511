package io.github.mfaenroll.enrollment;

import io.github.mfaenroll.iam.AccountDirectory;
import io.github.mfaenroll.iam.AccountId;
import io.github.mfaenroll.iam.IamFailure;
import io.github.mfaenroll.iam.MfaSerial;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The issuer authenticator apps show next to the account: {@code MFA_ISSUER} if set, else "AWS" plus the
 * account alias, else "AWS" plus the account id (taken from the device's ARN). When the app serves several accounts a
 * configured issuer is followed by the account's alias or id too: one person may hold a user in dev and one in prod,
 * and the two entries on their phone must be told apart. The alias is read at most once an
 * hour, not once per enrollment: it almost never changes, and every IAM call counts against the account's allowance.
 */
public final class IssuerName {

    /** How long a read alias is used before it is read again (an alias renamed meanwhile shows up within this). */
    static final Duration ALIAS_TTL = Duration.ofHours(1);

    private record Alias(Optional<String> value, Instant readAt) {
    }

    private final String configured;
    private final AccountDirectory accounts;
    private final Clock clock;
    private final Map<String, Alias> aliases = new ConcurrentHashMap<>();

    public IssuerName(String configured, AccountDirectory accounts, Clock clock) {
        this.configured = configured;
        this.accounts = accounts;
        this.clock = clock;
    }

    public String forDevice(String serialNumber) {
        Optional<String> accountId = new MfaSerial(serialNumber).accountId();
        if (configured != null && (!accounts.severalAccounts() || accountId.isEmpty())) {
            return configured;
        }
        String account = accountId.map(id -> accountAlias(id).orElse(id)).orElse("account");
        return configured != null ? configured + " " + account : "AWS " + account;
    }

    private Optional<String> accountAlias(String accountId) {
        if (!AccountId.isAccountId(accountId)) {
            return Optional.empty();
        }
        AccountId id = new AccountId(accountId);
        if (accounts.byId(id).isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Alias known = aliases.get(accountId);
        if (known != null && known.readAt().plus(ALIAS_TTL).isAfter(now)) {
            return known.value();
        }
        try {
            Optional<String> looked = accounts.iam(id).accountAlias();
            aliases.put(accountId, new Alias(looked, now));
            return looked;
        } catch (IamFailure e) {
            // Not cached: the next enrollment tries again. Meanwhile the last alias read, if any, is still the best.
            return known == null ? Optional.empty() : known.value();
        }
    }
}
