package io.github.mfaenroll.oidc;

import io.github.mfaenroll.iam.IamFailure;
import io.github.mfaenroll.iam.IamGateway;
import io.github.mfaenroll.iam.IamUser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds the IAM user a signed-in person stands for, by one of two rules: the claim value is the IAM user name
 * ({@link #byUserName}), or the IAM user whose email tag equals the person's email ({@link #byEmailTag}).
 *
 * <p>The email rule has to read every user's tags (IAM cannot search by tag), so the email index is kept for
 * {@link #INDEX_TTL}: a wave of first-day sign-ins reads IAM once, not once per person. A miss refreshes an index
 * older than {@link #MISS_REFRESH}, so a person the helpdesk has just tagged need not wait five minutes.
 */
public final class IamUserDirectory {

    static final Duration INDEX_TTL = Duration.ofMinutes(5);
    static final Duration MISS_REFRESH = Duration.ofMinutes(1);
    /** What IAM accepts as a user name; anything else cannot name one, so IAM is not even asked. */
    private static final Pattern IAM_USER_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");

    private final IamGateway iam;
    private final String emailTagKey;
    private final Clock clock;
    private EmailIndex index;

    public IamUserDirectory(IamGateway iam, String emailTagKey, Clock clock) {
        this.iam = iam;
        this.emailTagKey = emailTagKey;
        this.clock = clock;
    }

    /** The outcome of a lookup: exactly one user ({@code iamUser} set), none, or several ({@code candidates}). */
    public record Match(Outcome outcome, String iamUser, List<String> candidates) {
        static Match of(List<String> users) {
            return switch (users.size()) {
                case 0 -> new Match(Outcome.NO_MATCH, null, List.of());
                case 1 -> new Match(Outcome.FOUND, users.get(0), users);
                default -> new Match(Outcome.AMBIGUOUS, null, List.copyOf(users));
            };
        }
    }

    public enum Outcome { FOUND, NO_MATCH, AMBIGUOUS }

    /** The IAM user with this name, under the spelling IAM keeps (IAM user names are unique regardless of case). */
    public Match byUserName(String claimValue) {
        if (claimValue == null || !IAM_USER_NAME.matcher(claimValue).matches()) {
            return Match.of(List.of());
        }
        try {
            IamUser user = iam.getUser(claimValue);
            return Match.of(List.of(user.userName()));
        } catch (IamFailure e) {
            if (e.kind() == IamFailure.Kind.NO_SUCH_ENTITY) {
                return Match.of(List.of());
            }
            throw e;
        }
    }

    /** The IAM users whose email tag equals {@code email}, compared without regard to case or surrounding space. */
    public Match byEmailTag(String email) {
        if (email == null || email.isBlank()) {
            return Match.of(List.of());
        }
        String key = normalize(email);
        EmailIndex current = currentIndex(INDEX_TTL);
        List<String> users = current.lookup(key);
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
        Map<String, List<String>> byEmail = new HashMap<>();
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
                    byEmail.computeIfAbsent(normalize(value), k -> new ArrayList<>()).add(user.userName());
                }
            });
        }
        byEmail.replaceAll((email, users) -> List.copyOf(users));
        return new EmailIndex(Map.copyOf(byEmail), now);
    }

    private static String normalize(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    private record EmailIndex(Map<String, List<String>> byEmail, Instant builtAt) {
        List<String> lookup(String email) {
            return byEmail.getOrDefault(email, List.of());
        }
    }
}
