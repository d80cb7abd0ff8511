package io.github.mfaenroll.enrollment;

import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.identity.Session;
import java.util.Objects;

/**
 * Who is enrolling: the IAM user bound to the session (never a name from a request), the key of that session (an
 * enrollment belongs to the session that started it), and whether the session's link lets it add a device to a user
 * who already has MFA. {@code tagAddress} is the address in the user's email tag when the session already knew it
 * (see {@link Session#tagAddress()}), else null.
 */
public record Enroller(AccountUser iamUser, String sessionKey, boolean allowAdditionalDevice, String tagAddress) {

    public Enroller {
        Objects.requireNonNull(iamUser, "iamUser");
        Objects.requireNonNull(sessionKey, "sessionKey");
    }

    /** The enroller a session stands for; the session must be bound to an IAM user. */
    public static Enroller of(Session session) {
        return new Enroller(session.user(), session.key(), session.allowAdditionalDevice(), session.tagAddress());
    }

    @Override
    public String toString() {
        return "Enroller[" + iamUser + "]";
    }
}
