package io.github.mfaenroll.helpdesk;

import java.time.Duration;

/**
 * Invitations that send themselves.
 *
 * @param enabled {@code MFA_AUTO_INVITE}: watch for console users without MFA who were never invited, and invite them
 * @param interval {@code MFA_AUTO_INVITE_INTERVAL}: how often to look (default one hour)
 * @param existing {@code MFA_AUTO_INVITE_EXISTING}: also invite users IAM created before the feature was first turned on
 */
public record AutoInviteSettings(boolean enabled, Duration interval, boolean existing) {

    /** Shorter than this would mostly re-read the same credential report and list every account's users for nothing. */
    public static final Duration SHORTEST_INTERVAL = Duration.ofMinutes(1);

    public AutoInviteSettings {
        if (interval.compareTo(SHORTEST_INTERVAL) < 0) {
            throw new IllegalArgumentException("MFA_AUTO_INVITE_INTERVAL must be at least PT1M, got " + interval);
        }
    }
}
