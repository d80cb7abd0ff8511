package io.github.mfaenroll.onboarding;

import io.github.mfaenroll.mail.Notifications;
import io.github.mfaenroll.onboarding.OnboardingLinks.IssuedLink;
import java.util.Map;

/**
 * Mails an issued link as the person's invitation, and remembers on the link the address the user's email tag held
 * for it. The session that claims the link then sends its device-bound notice there, so a whole enrollment reads the
 * user's tags from IAM not at all (three IAM calls instead of four). Every way a link is mailed (the console, a bulk
 * invitation, {@code link issue --send}) goes through here.
 */
public record Invitations(OnboardingLinks links, Notifications notifications) {

    /**
     * Mails {@code link} to {@code explicitEmail}, or to the user's email tag when that is null. True when an SMTP
     * server accepted it; false in log-only mode or on any failure (already logged and audited).
     *
     * @param knownTags the user's tags when the caller has just read them (saves reading them again), else null
     */
    public boolean mail(IssuedLink link, String explicitEmail, Map<String, String> knownTags, String issuedBy) {
        Notifications.Delivery delivery = notifications.sendInvitation(link.user(), explicitEmail, knownTags,
                link.url(), link.expiresAt(), issuedBy);
        if (delivery.tagAddress() != null) {
            links.rememberTagAddress(link.id(), delivery.tagAddress());
        }
        return delivery.received();
    }
}
