package io.github.mfaenroll.limits;

import io.github.mfaenroll.iam.AccountUser;
import java.time.Instant;

/**
 * Tells a person that they were locked out (NIST SP 800-63B: notify through an independent channel). The app mails
 * them off the request thread; the limits do not need to know how.
 */
@FunctionalInterface
public interface LockoutNotice {

    void lockedOut(AccountUser user, Instant lockedAt, Instant lockedUntil);
}
