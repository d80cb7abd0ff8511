package io.github.mfaenroll.staff;

import java.time.Duration;

/** Local helpdesk accounts: failed sign-ins allowed before a temporary lockout, and its length. */
public record LocalSignInSettings(int maxFailures, Duration lockout) {
}
