package io.github.mfaenroll.helpdesk;

import io.github.mfaenroll.audit.Actors;
import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry.Outcome;
import io.github.mfaenroll.audit.AuditLog;
import io.github.mfaenroll.audit.References;
import io.github.mfaenroll.compliance.ComplianceProblem;
import io.github.mfaenroll.compliance.ComplianceReport;
import io.github.mfaenroll.compliance.OrganizationCompliance;
import io.github.mfaenroll.compliance.UserCompliance;
import io.github.mfaenroll.helpdesk.AutoInvitationStore.Entry;
import io.github.mfaenroll.helpdesk.AutoInvitationStore.State;
import io.github.mfaenroll.iam.Account;
import io.github.mfaenroll.iam.AccountDirectory;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.IamFailure;
import io.github.mfaenroll.iam.IamGateway;
import io.github.mfaenroll.iam.IamUser;
import io.github.mfaenroll.iam.TaggedUser;
import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.onboarding.Invitations;
import io.github.mfaenroll.onboarding.OnboardingLinks;
import io.github.mfaenroll.onboarding.OnboardingLinks.IssuedLink;
import io.github.mfaenroll.store.Lease;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invitations that send themselves ({@code MFA_AUTO_INVITE}): every interval, in every account served, the console
 * users without MFA whom nobody ever sent a link get one, once, mailed to their email tag and paced as bulk
 * invitations are. A user without an email tag, or one only an administrator may act on, is listed on the helpdesk's
 * first page instead.
 *
 * <p>Who counts: the credential report (the compliance view's cache, {@link OrganizationCompliance}) says who has a
 * console password and no MFA. IAM makes a new report at most every four hours, so a user created since the report was
 * made is not in it: {@code ListUsers} (one call per thousand users) finds them, and only they cost calls of their own
 * (GetLoginProfile, ListMFADevices). Without that, a new user would wait up to four hours rather than one interval.
 * {@code ListUsers} also gives each user's creation time, compared with the moment the feature was first turned on
 * ({@link AutoInvitationStore#turnedOnAt}): users created before it are left alone unless
 * {@code MFA_AUTO_INVITE_EXISTING=true}, so turning the feature on never mails the whole company.
 *
 * <p>Once: a user who was ever issued a link by anyone (console, CLI, API, bulk) is never invited automatically; a
 * user's row is claimed in the database (SENDING, committed) before the mail goes out, and a run finds a row still
 * SENDING only when an instance stopped mid-send: that user is listed as unconfirmed, not mailed again. One run at a
 * time across instances ({@code auto-invitations} lease, renewed before every user). A failed mail withdraws its link
 * and is tried again at the next run, at most {@link #MAX_ATTEMPTS} times.
 *
 * <p>Protected users (the protected tag, an administrator's IAM user, a staff member's own) are listed, not mailed:
 * a link lets whoever holds it bind a device to the user, and such users' tags may point at a shared mailbox, so
 * an administrator decides, as for any helpdesk action on them.
 */
public final class AutoInvitations {

    /** Mail attempts per user before the helpdesk is asked to step in. */
    static final int MAX_ATTEMPTS = 3;
    /** How many waiting users the helpdesk's first page lists. */
    static final int LISTED = 100;
    /** The guard's view of the feature: a helpdesk member, no IAM user of its own, no administrator's power. */
    private static final StaffMember AS_STAFF = new StaffMember(Actors.AUTO_INVITE, Role.HELPDESK, null);
    /** Longest one user (IAM reads, SMTP with its timeouts) may take before the lease must be renewed. */
    private static final Duration LEASE_MARGIN = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(AutoInvitations.class);

    private final AutoInviteSettings settings;
    private final AutoInvitationStore store;
    private final Lease lease;
    private final OrganizationCompliance compliance;
    private final OnboardingLinks links;
    private final Invitations invitations;
    private final ActionGuard guard;
    private final AuditLog audit;
    private final Clock clock;
    private final String emailTagKey;
    private final Duration pause;
    private final Duration leaseDuration;
    /** Counted down at shutdown; like a bulk run, a run is never interrupted (H2 closes its store on interrupts). */
    private final CountDownLatch stopping = new CountDownLatch(1);

    public AutoInvitations(AutoInviteSettings settings, AutoInvitationStore store, Lease lease,
                           OrganizationCompliance compliance, OnboardingLinks links, Invitations invitations,
                           ActionGuard guard, AuditLog audit, Clock clock, String emailTagKey, int invitesPerMinute) {
        this.settings = settings;
        this.store = store;
        this.lease = lease;
        this.compliance = compliance;
        this.links = links;
        this.invitations = invitations;
        this.guard = guard;
        this.audit = audit;
        this.clock = clock;
        this.emailTagKey = emailTagKey;
        this.pause = Duration.ofMillis(60_000L / invitesPerMinute);
        this.leaseDuration = pause.plus(LEASE_MARGIN);
    }

    /** What one run did, for its log line. */
    public record Run(int invited, int failed, int listed, int skipped) {
    }

    /** A user the helpdesk should send a link by hand, with why ({@code reasonKey}, a message key). */
    public record Waiting(AccountUser user, String path, String reasonKey, Instant since) {
    }

    public AutoInviteSettings settings() {
        return settings;
    }

    /** Stores the moment the feature was first turned on, if none is stored yet, and returns the stored one. */
    public Instant turnedOn() {
        return store.turnedOnAt(clock.instant());
    }

    /** The users waiting for a link sent by hand (no email tag, protected, mail failing, a send unconfirmed). */
    public List<Waiting> waitingForHelpdesk() {
        return store.listedForHelpdesk(LISTED).stream()
                .map(e -> new Waiting(e.user(), UserPaths.of(e.user()), e.state().messageKey(), e.firstSeenAt()))
                .toList();
    }

    /** Asks a running run to stop before its next user (shutdown). */
    public void stop() {
        stopping.countDown();
    }

    /**
     * One run over every account served. Empty when the feature is off or another run (any instance) holds the lease.
     * An account that cannot be reached or read is skipped this run, not the run failed.
     */
    public Optional<Run> runOnce() {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        Optional<String> holder = lease.tryAcquire(leaseDuration);
        if (holder.isEmpty()) {
            return Optional.empty();
        }
        Counts counts = new Counts();
        try {
            Instant turnedOnAt = turnedOn();
            markUnconfirmed(counts);
            if (invitations.notifications().logOnly()) {
                // A link mailed to nobody would count as the user's one invitation: wait for a mail server.
                log.warn("Auto-invite sends nothing: no SMTP server is configured (MFA_SMTP_HOST)");
                return Optional.of(counts.run());
            }
            AccountDirectory accounts = compliance.directory();
            for (Account account : accounts.accounts()) {
                if (!accounts.reachability(account.id()).reachable()) {
                    log.warn("Auto-invite skips account {} this run: unreachable", account.id());
                    continue;
                }
                try {
                    inviteIn(account, turnedOnAt, holder.get(), counts);
                } catch (IamFailure e) {
                    log.warn("Auto-invite skips account {} this run: {} {}", account.id(), e.action(), e.kind());
                } catch (ComplianceProblem e) {
                    log.warn("Auto-invite skips account {} this run: no credential report ({}) [{}]", account.id(),
                            e.kind(), e.reference());
                }
            }
        } catch (Stopped e) {
            log.info("Auto-invite run stopped before its end");
        } finally {
            lease.release(holder.get());
        }
        Run run = counts.run();
        log.info("Auto-invite run: {} invited, {} failed, {} listed for the helpdesk, {} skipped", run.invited(),
                run.failed(), run.listed(), run.skipped());
        return Optional.of(run);
    }

    /** Rows still SENDING while this run holds the lease: an instance stopped mid-send. Never sent again. */
    private void markUnconfirmed(Counts counts) {
        for (Entry entry : store.unfinished()) {
            if (store.note(entry.user(), State.UNCONFIRMED, entry.userCreatedAt())) {
                audit.recordOnUser(Actors.AUTO_INVITE, entry.user(), AuditAction.INVITATION_SKIPPED, Outcome.FAILURE,
                        "auto-invite: a send was started and never finished; not sent again, listed for the helpdesk");
                counts.listed++;
            }
        }
    }

    private void inviteIn(Account account, Instant turnedOnAt, String holder, Counts counts) {
        ComplianceReport report = compliance.of(account).current();
        Map<String, UserCompliance> reported = new HashMap<>();
        report.users().forEach(u -> reported.put(key(u.user()), u));
        IamGateway iam = compliance.directory().iam(account.id());
        Set<String> stillWithoutMfa = new HashSet<>();
        for (IamUser iamUser : iam.listUsers()) {
            boolean eligible = settings.existing() || createdAfter(iamUser, turnedOnAt);
            UserCompliance row = reported.get(key(iamUser.userName()));
            boolean withoutMfa;
            if (row != null) {
                withoutMfa = row.passwordEnabled() && !row.mfaActive();
            } else if (!eligible) {
                continue; // not in the report and never to be invited: not worth two IAM calls
            } else {
                keep(holder);
                withoutMfa = consoleUserWithoutMfa(iam, iamUser.userName());
            }
            if (!withoutMfa) {
                continue;
            }
            stillWithoutMfa.add(key(iamUser.userName()));
            if (eligible) {
                // Renewed only before users that cost IAM calls or a mail: most users of a large account cost neither.
                keep(holder);
                handle(new AccountUser(account.id(), iamUser.userName()), iamUser.createDate(), counts);
            }
        }
        // Whoever waits for the helpdesk but has MFA now, no console password or no user: off the list. A send cut
        // short may have arrived: that user counts as invited (SENT), so losing MFA later never mails them again.
        for (Entry waiting : store.waiting(account.id())) {
            if (!stillWithoutMfa.contains(key(waiting.user().name()))) {
                store.note(waiting.user(), waiting.state() == State.UNCONFIRMED ? State.SENT : State.RESOLVED,
                        waiting.userCreatedAt());
            }
        }
    }

    /** Asked of IAM for a user the report does not know yet; false when IAM cannot tell (tried again next run). */
    private static boolean consoleUserWithoutMfa(IamGateway iam, String userName) {
        try {
            return iam.hasConsolePassword(userName) && iam.listMfaDevices(userName).isEmpty();
        } catch (IamFailure e) {
            if (e.kind() != IamFailure.Kind.NO_SUCH_ENTITY) {
                log.warn("Auto-invite could not check user {}: {} {}", userName, e.action(), e.kind());
            }
            return false;
        }
    }

    private void handle(AccountUser user, Instant createdAt, Counts counts) {
        Optional<Entry> entry = store.find(user);
        State state = entry.map(Entry::state).orElse(null);
        if (state == State.SENT || state == State.SENDING || state == State.UNCONFIRMED || state == State.GAVE_UP
                || state == State.PROTECTED) {
            return; // invited, or waiting for a person
        }
        if (invitedByAPerson(user)) {
            if (entry.isPresent()) {
                store.note(user, State.RESOLVED, createdAt);
            }
            counts.skipped++;
            return;
        }
        TaggedUser tagged;
        try {
            tagged = guard.requireUser(AS_STAFF, user, AuditAction.LINK_ISSUED);
        } catch (HelpdeskRefusal refused) {
            // The guard audited the refusal (protected) or the IAM failure; a deleted user simply has no invitation.
            if (refused.kind() == HelpdeskRefusal.Kind.OWN_USER || refused.kind() == HelpdeskRefusal.Kind.PROTECTED_USER) {
                store.note(user, State.PROTECTED, createdAt);
                counts.listed++;
            } else {
                counts.skipped++;
            }
            return;
        }
        String address = tagged.tags().get(emailTagKey);
        if (address == null || address.isBlank()) {
            if (store.note(user, State.NO_ADDRESS, createdAt)) {
                audit.recordOnUser(Actors.AUTO_INVITE, user, AuditAction.INVITATION_SKIPPED, Outcome.SUCCESS,
                        "auto-invite: the user has no " + emailTagKey + " tag; listed for the helpdesk");
            }
            counts.listed++;
            return;
        }
        if (!stillWithoutMfa(user)) {
            if (entry.isPresent()) {
                store.note(user, State.RESOLVED, createdAt);
            }
            counts.skipped++;
            return;
        }
        if (!store.claim(user, createdAt)) {
            counts.skipped++; // another instance's run has it
            return;
        }
        int attempt = entry.map(Entry::attempts).orElse(0) + 1;
        send(user, tagged, attempt, counts);
        pause();
    }

    /** Issues and mails the link of a claimed user; every way out leaves the row out of SENDING. */
    private void send(AccountUser user, TaggedUser tagged, int attempt, Counts counts) {
        IssuedLink link = null;
        boolean mailed = false;
        try {
            link = links.issue(user, null, Actors.AUTO_INVITE, false, null);
            mailed = invitations.mail(link, null, tagged.tags(), Actors.AUTO_INVITE);
        } catch (RuntimeException e) {
            String reference = References.next();
            log.error("Auto-invite could not invite {} [{}]", user, reference, e);
        }
        if (mailed) {
            store.finish(user, State.SENT, link.id());
            counts.invited++;
            return;
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
        counts.failed++;
    }

    /** Whether anyone but this feature ever issued the user a link: then they were invited, whatever came of it. */
    private boolean invitedByAPerson(AccountUser user) {
        return links.forUser(user).stream().anyMatch(link -> !Actors.AUTO_INVITE.equals(link.issuedBy()));
    }

    /** Asked again just before the mail: the report may be hours old. IAM failing here postpones the user. */
    private boolean stillWithoutMfa(AccountUser user) {
        try {
            return compliance.directory().iam(user.account()).listMfaDevices(user.name()).isEmpty();
        } catch (IamFailure e) {
            log.warn("Auto-invite postpones user {}: {} {}", user, e.action(), e.kind());
            return false;
        }
    }

    /**
     * Strictly after: the stored moment is cut to the second, as IAM's creation times are, so a user created in the
     * second the feature was turned on counts as existing (left alone rather than mailed by surprise). A user without
     * a creation time is existing too.
     */
    private static boolean createdAfter(IamUser user, Instant turnedOnAt) {
        return user.createDate() != null && user.createDate().isAfter(turnedOnAt);
    }

    /** IAM user names are unique ignoring case. */
    private static String key(String userName) {
        return userName.toLowerCase(Locale.ROOT);
    }

    /** Renews the lease; when it was lost (another instance took over after it expired) the run stops. */
    private void keep(String holder) {
        if (stopping.getCount() == 0 || !lease.renew(holder, leaseDuration)) {
            throw new Stopped();
        }
    }

    private void pause() {
        try {
            if (stopping.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new Stopped();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped();
        }
    }

    /** What a run did so far. */
    private static final class Counts {
        int invited;
        int failed;
        int listed;
        int skipped;

        Run run() {
            return new Run(invited, failed, listed, skipped);
        }
    }

    /** The run must end now: shut down, or it no longer holds the lease. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super("auto-invite run stopped", null, false, false);
        }
    }
}
