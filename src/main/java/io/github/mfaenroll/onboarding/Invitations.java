package io.github.mfaenroll.onboarding;

import io.github.mfaenroll.mail.Notifications;
import io.github.mfaenroll.onboarding.OnboardingLinks.IssuedLink;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mails an issued link as the person's invitation, and remembers on the link the address the user's email tag held
 * for it. The session that claims the link then sends its device-bound notice there, so a whole enrollment reads the
 * user's tags from IAM not at all (three IAM calls instead of four). Every way a link is mailed (the console, a bulk
 * invitation, {@code link issue --send}) goes through here.
 */
public record Invitations(OnboardingLinks links, Notifications notifications) {

    private static final Logger log = LoggerFactory.getLogger(Invitations.class);

    /** What became of an invitation's mail. */
    public enum Outcome {
        /** An SMTP server accepted it. */
        SENT,
        /** Nobody received it (no usable address, the server refused or could not be reached, log-only mode). */
        NOT_SENT,
        /** The body went out and the server's answer never came: it may have arrived; sending again may mail twice. */
        UNCERTAIN
    }

    /**
     * Mails {@code link} to {@code explicitEmail}, or to the user's email tag when that is null. True when an SMTP
     * server accepted it; false in log-only mode or on any failure (already logged and audited), uncertain ones too.
     *
     * @param knownTags the user's tags when the caller has just read them (saves reading them again), else null
     */
    public boolean mail(IssuedLink link, String explicitEmail, Map<String, String> knownTags, String issuedBy) {
        return deliver(link, explicitEmail, knownTags, issuedBy) == Outcome.SENT;
    }

    /** As {@link #mail}, telling a mail that certainly did not go out from one that may have. */
    public Outcome deliver(IssuedLink link, String explicitEmail, Map<String, String> knownTags, String issuedBy) {
        Notifications.Delivery delivery = notifications.sendInvitation(link.user(), explicitEmail, knownTags,
                link.url(), link.expiresAt(), issuedBy);
        if (delivery.tagAddress() != null) {
            try {
                links.rememberTagAddress(link.id(), delivery.tagAddress());
            } catch (RuntimeException e) {
                // Bookkeeping only (the enrollment reads the tag again without it): the mail is out whatever happens
                // here, and reporting it unsent would have it sent again.
                log.warn("The invitation's address could not be remembered on link {}: {}", link.id(),
                        e.getClass().getSimpleName());
            }
        }
        if (delivery.received()) {
            return Outcome.SENT;
        }
        return delivery.uncertain() ? Outcome.UNCERTAIN : Outcome.NOT_SENT;
    }
}
