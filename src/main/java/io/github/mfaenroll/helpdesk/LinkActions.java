package io.github.mfaenroll.helpdesk;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry.Outcome;
import io.github.mfaenroll.audit.AuditLog;
import io.github.mfaenroll.helpdesk.HelpdeskRefusal.Kind;
import io.github.mfaenroll.iam.AccountDirectory;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.IamFailure;
import io.github.mfaenroll.iam.MfaDevice;
import io.github.mfaenroll.iam.MfaSerial;
import io.github.mfaenroll.iam.TaggedUser;
import io.github.mfaenroll.mail.Notifications;
import io.github.mfaenroll.onboarding.Invitations;
import io.github.mfaenroll.onboarding.OnboardingLinks.IssuedLink;
import io.github.mfaenroll.onboarding.OnboardingLinks.LinkRecord;
import io.github.mfaenroll.onboarding.OnboardingLinks.Status;
import io.github.mfaenroll.onboarding.OnboardingLinks;
import java.util.List;

/**
 * The helpdesk's link actions: issue, resend (revoke the unclaimed link, issue a new one) and revoke. New links are
 * mailed to the user's email tag; when that fails the caller gets the link to hand over once, and nothing else keeps
 * it. Refusals and successes are audited with the staff member as actor ({@link OnboardingLinks} audits the link
 * itself).
 */
public record LinkActions(AccountDirectory accounts, OnboardingLinks links, Invitations invitations, ActionGuard guard,
                          AuditLog audit) {

    /**
     * A new link. {@code mailed} false means no mail went out, and the staff member is shown {@code link} once to hand
     * it over: because mail is log-only ({@code logOnly}, no SMTP server configured), or because there is no address
     * or sending failed (the audit trail says which). {@code ownerOnly}: the link adds a device to a user who already has MFA and went to the user's email tag only
     * ({@link Delivery#mailOnlyWhenUserHasMfa}), so the caller must not be handed its URL.
     */
    public record Invitation(IssuedLink link, boolean mailed, boolean logOnly, boolean ownerOnly) {

        Invitation(IssuedLink link, boolean mailed, boolean logOnly) {
            this(link, mailed, logOnly, false);
        }
    }

    /**
     * Where a new link goes: with {@code send}, mailed to {@code email}, or to the address in the user's email tag
     * when that is null; without, mailed nowhere, for the caller to hand over ({@code email}, when given, is still
     * checked and kept with the link, as {@code link issue --email} keeps it).
     *
     * @param mailOnlyWhenUserHasMfa a link for a user who already has MFA goes to the address in the user's email tag
     *     and nowhere else: not to {@code email}, not unmailed to the caller (ADDITIONAL_DEVICE_LINK_MUST_BE_MAILED).
     *     Whoever holds such a link can add a device to an account that is already protected, so only its owner may
     *     receive it, and the mail tells them it exists. False for the console, whose staff member is shown a link
     *     that could not be mailed to hand over in person.
     */
    public record Delivery(boolean send, String email, boolean mailOnlyWhenUserHasMfa) {

        /** The console's way: mailed to the address in the user's email tag, else shown to the staff member once. */
        public static final Delivery TO_EMAIL_TAG = new Delivery(true, null, false);

        /** A machine caller's way: as it asks, except that a link for a user with MFA only goes to the email tag. */
        public static Delivery requested(boolean send, String email) {
            return new Delivery(send, email, true);
        }
    }

    /**
     * Issues a link for the user and mails it to the user's email tag. Refused when the user already has MFA
     * (compliant) unless the staff member allows adding a device, and when the user is at IAM's device limit.
     */
    public Invitation issue(StaffMember staff, AccountUser name, boolean allowAdditionalDevice, boolean confirmed) {
        return issue(staff, name, allowAdditionalDevice, confirmed, Delivery.TO_EMAIL_TAG);
    }

    /**
     * The same, delivered as {@code delivery} says. An explicit address that is not one valid mailbox is refused
     * (INVALID_EMAIL) before anything is issued: a link nobody receives would only revoke the user's earlier one. It is
     * checked once IAM knows the user, so a refusal is never about a name that does not exist.
     */
    public Invitation issue(StaffMember staff, AccountUser name, boolean allowAdditionalDevice, boolean confirmed,
                            Delivery delivery) {
        String actor = staff.principal();
        guard.requireConfirmed(confirmed, actor, name, AuditAction.LINK_ISSUED);
        TaggedUser tagged = guard.requireUser(staff, name, AuditAction.LINK_ISSUED);
        AccountUser user = new AccountUser(name.account(), tagged.userName());
        try {
            if (delivery.email() != null && !Notifications.isOneValidAddress(delivery.email())) {
                throw guard.refuse(Kind.INVALID_EMAIL, actor, user, AuditAction.LINK_ISSUED,
                        "the address given is not one valid address");
            }
            boolean addsDevice = !checkWorthInviting(actor, user, allowAdditionalDevice, AuditAction.LINK_ISSUED)
                    .isEmpty();
            boolean onlyToTag = addsDevice && delivery.mailOnlyWhenUserHasMfa();
            if (onlyToTag && (!delivery.send() || delivery.email() != null)) {
                throw guard.refuse(Kind.ADDITIONAL_DEVICE_LINK_MUST_BE_MAILED, actor, user, AuditAction.LINK_ISSUED,
                        "the user has MFA: a link to add a device is only mailed to the email tag");
            }
            if (onlyToTag
                    && invitations.notifications().tagStanding(tagged.tags()) != Notifications.TagStanding.USABLE) {
                throw guard.refuse(Kind.ADDITIONAL_DEVICE_LINK_MUST_BE_MAILED, actor, user, AuditAction.LINK_ISSUED,
                        "the user has MFA and no usable email tag: a link to add a device is only mailed there");
            }
            String email = delivery.email() == null ? null : delivery.email().strip();
            IssuedLink link = links.issue(user, email, actor, allowAdditionalDevice, null);
            if (!delivery.send()) {
                return new Invitation(link, false, invitations.notifications().logOnly());
            }
            boolean mailed = invitations.mail(link, email, tagged.tags(), actor);
            if (onlyToTag && !mailed) {
                // The caller must not end up holding a link its owner was never told of: withdrawn at once.
                links.revoke(link.id(), actor);
                throw guard.refuse(Kind.ADDITIONAL_DEVICE_LINK_MUST_BE_MAILED, actor, user, AuditAction.LINK_ISSUED,
                        "link " + link.id() + " revoked: it could not be mailed to the email tag");
            }
            return new Invitation(link, mailed, invitations.notifications().logOnly(), onlyToTag);
        } catch (HelpdeskRefusal e) {
            throw e.confirmedAbout(user);
        }
    }

    /** Replaces a valid link with a new one (same allowance) and mails the new one. */
    public Invitation resend(StaffMember staff, AccountUser name, String linkId, boolean confirmed) {
        String actor = staff.principal();
        guard.requireConfirmed(confirmed, actor, name, AuditAction.LINK_RESENT);
        TaggedUser tagged = guard.requireUser(staff, name, AuditAction.LINK_RESENT);
        AccountUser user = new AccountUser(name.account(), tagged.userName());
        LinkRecord old = requireValidLink(actor, user, linkId, AuditAction.LINK_RESENT);
        checkWorthInviting(actor, user, old.allowAdditionalDevice(), AuditAction.LINK_RESENT);
        if (!links.revoke(old.id(), actor)) {
            throw guard.refuse(Kind.LINK_NOT_VALID, actor, user, AuditAction.LINK_RESENT,
                    "link " + old.id() + " was claimed or revoked meanwhile");
        }
        IssuedLink fresh = links.issue(user, null, actor, old.allowAdditionalDevice(), null);
        audit.recordOnUser(actor, user, AuditAction.LINK_RESENT, Outcome.SUCCESS,
                "link " + old.id() + " revoked, replaced by link " + fresh.id());
        return mail(actor, fresh, tagged);
    }

    /** Revokes a valid link of the user. Works without IAM: a deleted user's links can still be withdrawn. */
    public void revoke(String actor, AccountUser name, String linkId, boolean confirmed) {
        guard.requireConfirmed(confirmed, actor, name, AuditAction.LINK_REVOKED);
        if (!ActionGuard.validUserName(name.name())) {
            throw guard.refuse(Kind.USER_NOT_FOUND, actor, null, AuditAction.LINK_REVOKED, "not a valid IAM user name");
        }
        LinkRecord link = requireValidLink(actor, name, linkId, AuditAction.LINK_REVOKED);
        if (!links.revoke(link.id(), actor)) {
            throw guard.refuse(Kind.LINK_NOT_VALID, actor, link.user(), AuditAction.LINK_REVOKED,
                    "link " + link.id() + " was claimed or revoked meanwhile");
        }
    }

    /** Mails the link to the user's email tag, as the guard just read it. */
    private Invitation mail(String actor, IssuedLink link, TaggedUser tagged) {
        boolean mailed = invitations.mail(link, null, tagged.tags(), actor);
        return new Invitation(link, mailed, invitations.notifications().logOnly());
    }

    private LinkRecord requireValidLink(String actor, AccountUser user, String linkId, AuditAction action) {
        // Link ids are UUIDs; anything else is not looked up (and not echoed into the audit trail).
        LinkRecord link = linkId != null && linkId.matches("[0-9a-f-]{36}")
                ? links.find(linkId).filter(l -> l.user().account().equals(user.account())
                        && l.user().name().equalsIgnoreCase(user.name())).orElse(null) : null;
        if (link == null) {
            throw guard.refuse(Kind.LINK_NOT_FOUND, actor, user, action, "no such link for this user");
        }
        Status status = links.statusOf(link);
        if (status != Status.VALID) {
            throw guard.refuse(Kind.LINK_NOT_VALID, actor, user, action,
                    "link " + link.id() + " is " + status.name().toLowerCase(java.util.Locale.ROOT));
        }
        return link;
    }

    /**
     * A link is pointless for a user who already has MFA (unless allowed to add one) or has no room for a device.
     * Returns the user's devices.
     */
    private List<MfaDevice> checkWorthInviting(String actor, AccountUser user, boolean allowAdditionalDevice,
                                               AuditAction action) {
        List<MfaDevice> devices;
        try {
            devices = accounts.iam(user.account()).listMfaDevices(user.name());
        } catch (IamFailure e) {
            throw guard.iamFailure(e, actor, user, action, "no link issued");
        }
        if (!devices.isEmpty() && !allowAdditionalDevice) {
            throw guard.refuse(Kind.ALREADY_COMPLIANT, actor, user, action,
                    "already has MFA (" + devices.size() + " device(s)); adding a device was not allowed");
        }
        if (devices.size() >= MfaSerial.MAX_DEVICES_PER_USER) {
            throw guard.refuse(Kind.DEVICE_LIMIT, actor, user, action,
                    "already has " + devices.size() + " MFA devices, the most IAM allows");
        }
        return devices;
    }
}
