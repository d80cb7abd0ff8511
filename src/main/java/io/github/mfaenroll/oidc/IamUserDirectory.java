package io.github.mfaenroll.oidc;

import io.github.mfaenroll.iam.Account;
import io.github.mfaenroll.iam.AccountDirectory;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.IamFailure;
import io.github.mfaenroll.iam.IamGateway;
import io.github.mfaenroll.iam.IamUser;
import io.github.mfaenroll.iam.UsersNamed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the IAM user a signed-in person stands for, by one of two rules: the claim value is the IAM user name
 * ({@link #byUserName}), or the IAM user whose email tag equals the person's email ({@link #byEmailTag}).
 *
 * <p>The email rule has to read every user's tags (IAM cannot search by tag), so the email index is kept for
 * {@link #INDEX_TTL}: a wave of first-day sign-ins reads IAM once, not once per person.
 *
 * <p>With several accounts both rules are applied in every account: a person may hold a user in dev and one in prod
 * (the same name, or the same email tag). One user in each of several accounts is a match; two users in one account
 * are ambiguous, as before. A miss refreshes an index
 * older than {@link #MISS_REFRESH}, so a person the helpdesk has just tagged need not wait five minutes.
 */
public final class IamUserDirectory {

    private static final Logger log = LoggerFactory.getLogger(IamUserDirectory.class);

    static final Duration INDEX_TTL = Duration.ofMinutes(5);
    static final Duration MISS_REFRESH = Duration.ofMinutes(1);
    /** What IAM accepts as a user name; anything else cannot name one, so IAM is not even asked. */
    private static final Pattern IAM_USER_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");

    private final AccountDirectory accounts;
    private final String emailTagKey;
    private final Clock clock;
    private EmailIndex index;

    public IamUserDirectory(AccountDirectory accounts, String emailTagKey, Clock clock) {
        this.accounts = accounts;
        this.emailTagKey = emailTagKey;
        this.clock = clock;
    }

    /**
     * The outcome of a lookup: the person's users, at most one per account ({@code iamUser} the first, the own
     * account's when it has one), none, or several in one account ({@code candidates}: ambiguous).
     */
    public record Match(Outcome outcome, AccountUser iamUser, List<AccountUser> candidates) {
        static Match of(List<AccountUser> users) {
            if (users.isEmpty()) {
                return new Match(Outcome.NO_MATCH, null, List.of());
            }
            long accountsMatched = users.stream().map(AccountUser::account).distinct().count();
            if (accountsMatched < users.size()) {
                return new Match(Outcome.AMBIGUOUS, null, List.copyOf(users));
            }
            return new Match(Outcome.FOUND, users.get(0), List.copyOf(users));
        }
    }

    public enum Outcome { FOUND, NO_MATCH, AMBIGUOUS }

    /** The IAM user with this name, under the spelling IAM keeps (IAM user names are unique regardless of case). */
    public Match byUserName(String claimValue) {
        if (claimValue == null || !IAM_USER_NAME.matcher(claimValue).matches()) {
            return Match.of(List.of());
        }
        UsersNamed named = accounts.usersNamed(claimValue);
        if (!accounts.severalAccounts() && !named.unanswered().isEmpty()) {
            throw named.unanswered().values().iterator().next();
        }
        // One account that cannot answer must not keep the person out of the others.
        named.unanswered().forEach((account, e) -> log.warn(
                "Company sign-in: account {} could not be asked for a user: {}", account.id(), e.kind()));
        return Match.of(named.found());
    }

    /** The configured accounts, the app's own first: its user is the one a sign-in starts with. */
    private List<Account> accountsOwnFirst() {
        List<Account> ordered = new ArrayList<>(accounts.accounts());
        ordered.sort(Comparator.comparing((Account a) -> !a.own()).thenComparing(Account::id));
        return ordered;
    }

    /** The IAM users whose email tag equals {@code email}, compared without regard to case or surrounding space. */
    public Match byEmailTag(String email) {
        if (email == null || email.isBlank()) {
            return Match.of(List.of());
        }
        String key = normalize(email);
        EmailIndex current = currentIndex(INDEX_TTL);
        List<AccountUser> users = current.lookup(key);
        if (users.isEmpty()) {
            users = currentIndex(MISS_REFRESH).lookup(key);
        }
        return Match.of(users);
    }

    /** The index if younger than {@code maxAge}, else a fresh one. One thread scans; the others wait and reuse it. */
    private synchronized EmailIndex currentIndex(Duration maxAge) {
        Instant now = clock.instant();
        if (index == null || !now.isBefore(index.builtAt().plus(maxAge))) {
            index = scan(now);
        }
        return index;
    }

    private EmailIndex scan(Instant now) {
        Map<String, List<AccountUser>> byEmail = new HashMap<>();
        for (Account account : accountsOwnFirst()) {
            try {
                scanAccount(account, byEmail);
            } catch (IamFailure e) {
                if (!accounts.severalAccounts()) {
                    throw e;
                }
                log.warn("Company sign-in: account {} could not be read for email tags: {}", account.id(), e.kind());
            }
        }
        byEmail.replaceAll((email, users) -> List.copyOf(users));
        return new EmailIndex(Map.copyOf(byEmail), now);
    }

    private void scanAccount(Account account, Map<String, List<AccountUser>> byEmail) {
        IamGateway iam = accounts.iam(account.id());
        for (IamUser user : iam.listUsers()) {
            Map<String, String> tags;
            try {
                tags = iam.listUserTags(user.userName());
            } catch (IamFailure e) {
                if (e.kind() == IamFailure.Kind.NO_SUCH_ENTITY) {
                    continue; // deleted between ListUsers and ListUserTags
                }
                throw e;
            }
            tags.forEach((tagKey, value) -> {
                // IAM refuses two tag keys that differ only by case, so a case-insensitive key match is unambiguous.
                if (tagKey.equalsIgnoreCase(emailTagKey) && value != null && !value.isBlank()) {
                    byEmail.computeIfAbsent(normalize(value), k -> new ArrayList<>())
                            .add(new AccountUser(account.id(), user.userName()));
                }
            });
        }
    }

    private static String normalize(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    private record EmailIndex(Map<String, List<AccountUser>> byEmail, Instant builtAt) {
        List<AccountUser> lookup(String email) {
            return byEmail.getOrDefault(email, List.of());
        }
    }
}
