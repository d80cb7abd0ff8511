package io.github.mfaenroll.helpdesk;

import io.github.mfaenroll.audit.Actors;
import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry.Outcome;
import io.github.mfaenroll.audit.AuditLog;
import io.github.mfaenroll.audit.References;
import io.github.mfaenroll.helpdesk.AutoInvitationStore.Entry;
import io.github.mfaenroll.helpdesk.AutoInvitationStore.State;
import io.github.mfaenroll.iam.AccountDirectory;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.IamFailure;
import io.github.mfaenroll.iam.TaggedUser;
import io.github.mfaenroll.mail.Notifications;
import io.github.mfaenroll.onboarding.Invitations;
import io.github.mfaenroll.onboarding.OnboardingLinks;
import io.github.mfaenroll.onboarding.OnboardingLinks.IssuedLink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invites one console user without MFA automatically, for a run of {@link AutoInvitations}: decides whether they get a
 * link (nobody invited them by hand, they still have no MFA, their email tag is one usable address, they are not
 * protected), claims their row, issues and mails the link, and records and audits what came of it.
 *
 * <p>Once: a user who was ever issued a link by anyone (console, CLI, API, bulk) is never invited automatically; a
 * user's row is claimed in the database (SENDING, committed) before the mail goes out. A row still SENDING at the next
 * run means an instance stopped mid-send: with its link issued the user is listed as unconfirmed, never mailed again;
 * without it nothing went out and the send is retried. A mail the server may have accepted (the answer after the body
 * never came) is unconfirmed too. A mail that certainly failed withdraws its link and is tried again (once a day), at
 * most {@link #MAX_ATTEMPTS} times; a user without a usable email tag is looked at again once a day.
 *
 * <p>Protected users (the protected tag, an administrator's IAM user, a staff member's own) are listed, not mailed:
 * a link lets whoever holds it bind a device to the user, and such users' tags may point at a shared mailbox, so
 * an administrator decides, as for any helpdesk action on them.
 */
public final class AutoInviteSender {

    /** Mail attempts per user before the helpdesk is asked to step in. */
    static final int MAX_ATTEMPTS = 3;
    /** The guard's view of the feature: a helpdesk member, no IAM user of its own, no administrator's power. */
    private static final StaffMember AS_STAFF = StaffMember.machine(Actors.AUTO_INVITE);
    /** How often a user waiting for an email tag, or for a failed mail's retry, is looked at again. */
    static final Duration RECHECK_WAITING = Duration.ofDays(1);

    private static final Logger log = LoggerFactory.getLogger(AutoInviteSender.class);

    private final AutoInvitationStore store;
    private final AccountDirectory accounts;
    private final OnboardingLinks links;
    private final Invitations invitations;
    private final ActionGuard guard;
    private final AuditLog audit;
    private final Clock clock;

    public AutoInviteSender(AutoInvitationStore store, AccountDirectory accounts, OnboardingLinks links,
                            Invitations invitations, ActionGuard guard, AuditLog audit, Clock clock) {
        this.store = store;
        this.accounts = accounts;
        this.links = links;
        this.invitations = invitations;
        this.guard = guard;
        this.audit = audit;
        this.clock = clock;
    }

    /** What became of one user, as a run counts it. */
    enum Result {
        /** Mailed, and the server took it. */
        INVITED(true),
        /** A mail that certainly failed (tried again, or listed once the attempts are used up). */
        FAILED(true),
        /** Mailed, never confirmed by the server: listed for the helpdesk. */
        UNCONFIRMED(true),
        /** Listed for the helpdesk without a mail (no or bad address, protected). */
        LISTED(false),
        /** Not invited this run (invited by a person, has MFA now, IAM could not tell, claimed elsewhere). */
        SKIPPED(false),
        /** Already invited, or waiting for a person: counted nowhere. */
        SETTLED(false);

        private final boolean mailed;

        Result(boolean mailed) {
            this.mailed = mailed;
        }

        /** Whether a link was issued and mailed (or tried), so the run paces before the next user. */
        boolean mailed() {
            return mailed;
        }
    }

    /**
     * Rows still SENDING while this run holds the lease: an instance stopped mid-send. With a link issued by the
     * feature since the claim, the mail may have gone out: listed, never sent again. Without one nothing went out:
     * failed, tried again.
     *
     * @return how many of them are now listed for the helpdesk
     */
    int settleSendsCutShort() {
        int listed = 0;
        for (Entry entry : store.unfinished()) {
            boolean linkIssued = links.forUser(entry.user()).stream().anyMatch(link ->
                    Actors.AUTO_INVITE.equals(link.issuedBy()) && !link.createdAt().isBefore(entry.updatedAt()));
            State state = linkIssued ? State.UNCONFIRMED
                    : entry.attempts() >= MAX_ATTEMPTS ? State.GAVE_UP : State.FAILED;
            if (store.sendingCutShort(entry.user(), state)) {
                audit.recordOnUser(Actors.AUTO_INVITE, entry.user(), AuditAction.INVITATION_SKIPPED, Outcome.FAILURE,
                        linkIssued
                                ? "auto-invite: a send was started and never finished; not sent again, listed for the helpdesk"
                                : "auto-invite: a send was started and stopped before any link was issued; "
                                        + (state == State.FAILED ? "tried again at the next run" : "listed for the helpdesk"));
                if (state.listed()) {
                    listed++;
                }
            }
        }
        return listed;
    }

    /**
     * Invites a console user without MFA whom the run found eligible (created after the baseline, or existing ones).
     * {@code noMfaJustAsked}: the run has just read the user's devices from IAM (a user newer than the credential
     * report), so they are not asked for again; a user taken from the report, which may be hours old, is.
     */
    Result invite(AccountUser user, Instant createdAt, boolean noMfaJustAsked) {
        Optional<Entry> entry = store.find(user);
        State state = entry.map(Entry::state).orElse(null);
        if (state == State.SENT || state == State.SENDING || state == State.UNCONFIRMED || state == State.GAVE_UP
                || state == State.PROTECTED) {
            return Result.SETTLED; // invited, or waiting for a person
        }
        if (invitedByAPerson(user)) {
            if (entry.isPresent()) {
                store.note(user, State.RESOLVED, createdAt);
            }
            return Result.SKIPPED;
        }
        if ((state == State.NO_ADDRESS || state == State.BAD_ADDRESS || state == State.FAILED)
                && entry.get().checkedAt() != null
                && entry.get().checkedAt().isAfter(clock.instant().minus(RECHECK_WAITING))) {
            // Each look costs a GetUser (the tags): once a day for a user waiting on a tag or a retry.
            return state.listed() ? Result.LISTED : Result.SKIPPED;
        }
        TaggedUser tagged;
        try {
            tagged = guard.requireUser(AS_STAFF, user, AuditAction.LINK_ISSUED);
        } catch (HelpdeskRefusal refused) {
            // The guard audited the refusal (protected) or the IAM failure; a deleted user simply has no invitation.
            if (refused.kind() == HelpdeskRefusal.Kind.OWN_USER || refused.kind() == HelpdeskRefusal.Kind.PROTECTED_USER) {
                store.note(user, State.PROTECTED, createdAt);
                return Result.LISTED;
            }
            return Result.SKIPPED;
        }
        Notifications notifications = invitations.notifications();
        Notifications.TagStanding tag = notifications.tagStanding(tagged.tags());
        if (tag == Notifications.TagStanding.NONE) {
            if (store.note(user, State.NO_ADDRESS, createdAt)) {
                audit.recordOnUser(Actors.AUTO_INVITE, user, AuditAction.INVITATION_SKIPPED, Outcome.SUCCESS,
                        "auto-invite: the user has no " + notifications.emailTagKey() + " tag; listed for the"
                                + " helpdesk");
            }
            return Result.LISTED;
        }
        if (tag == Notifications.TagStanding.INVALID) {
            // Not a mail failure: no link is issued, nothing is retried until the tag changes.
            if (store.note(user, State.BAD_ADDRESS, createdAt)) {
                audit.recordOnUser(Actors.AUTO_INVITE, user, AuditAction.INVITATION_SKIPPED, Outcome.SUCCESS,
                        "auto-invite: the user's " + notifications.emailTagKey() + " tag is not one valid address;"
                                + " listed for the helpdesk");
            }
            return Result.LISTED;
        }
        if (!noMfaJustAsked && !stillWithoutMfa(user)) {
            if (entry.isPresent()) {
                store.note(user, State.RESOLVED, createdAt);
            }
            return Result.SKIPPED;
        }
        if (!store.claim(user, createdAt)) {
            return Result.SKIPPED; // another instance's run has it
        }
        int attempt = entry.map(Entry::attempts).orElse(0) + 1;
        return send(user, tagged, attempt);
    }

    /** Issues and mails the link of a claimed user; every way out leaves the row out of SENDING. */
    private Result send(AccountUser user, TaggedUser tagged, int attempt) {
        IssuedLink link = null;
        Invitations.Outcome outcome = Invitations.Outcome.NOT_SENT;
        try {
            link = links.issue(user, null, Actors.AUTO_INVITE, false, null);
            outcome = invitations.deliver(link, null, tagged.tags(), Actors.AUTO_INVITE);
        } catch (RuntimeException e) {
            String reference = References.next();
            log.error("Auto-invite could not invite {} [{}]", user, reference, e);
        }
        if (outcome == Invitations.Outcome.SENT) {
            store.finish(user, State.SENT, link.id());
            return Result.INVITED;
        }
        if (outcome == Invitations.Outcome.UNCERTAIN) {
            // The server may have it: the link stays valid, and the user is never mailed again automatically.
            store.finish(user, State.UNCONFIRMED, link.id());
            audit.recordOnUser(Actors.AUTO_INVITE, user, AuditAction.INVITATION_SKIPPED, Outcome.FAILURE,
                    "auto-invite: the mail server never confirmed the invitation; not sent again, listed for the"
                            + " helpdesk");
            return Result.UNCONFIRMED;
        }
        if (link != null) {
            // Nobody received it: withdraw it, so only the retry's link can be used.
            links.revoke(link.id(), Actors.AUTO_INVITE);
        }
        boolean givingUp = attempt >= MAX_ATTEMPTS;
        store.finish(user, givingUp ? State.GAVE_UP : State.FAILED, link == null ? null : link.id());
        audit.recordOnUser(Actors.AUTO_INVITE, user, AuditAction.INVITATION_SKIPPED, Outcome.FAILURE,
                "auto-invite: the invitation could not be mailed (attempt " + attempt + " of " + MAX_ATTEMPTS + ")"
                        + (givingUp ? "; listed for the helpdesk" : "; tried again at the next run"));
        return Result.FAILED;
    }

    /** Whether anyone but this feature ever issued the user a link: then they were invited, whatever came of it. */
    private boolean invitedByAPerson(AccountUser user) {
        return links.forUser(user).stream().anyMatch(link -> !Actors.AUTO_INVITE.equals(link.issuedBy()));
    }

    /** Asked again just before the mail: the report may be hours old. IAM failing here postpones the user. */
    private boolean stillWithoutMfa(AccountUser user) {
        try {
            return accounts.iam(user.account()).listMfaDevices(user.name()).isEmpty();
        } catch (IamFailure e) {
            log.warn("Auto-invite postpones user {}: {} {}", user, e.action(), e.kind());
            return false;
        }
    }
}
