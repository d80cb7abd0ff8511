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
import io.github.mfaenroll.mail.Notifications;
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
 * ({@link AutoInvitationStore#baseline}): users created before it are left alone unless
 * {@code MFA_AUTO_INVITE_EXISTING=true} was set when that moment was stored (and only until a run reached every
 * account), so turning the feature on, or leaving the setting on, never mails the whole company by surprise.
 *
 * <p>Once: a user who was ever issued a link by anyone (console, CLI, API, bulk) is never invited automatically; a
 * user's row is claimed in the database (SENDING, committed) before the mail goes out. A row still SENDING at the next
 * run means an instance stopped mid-send: with its link issued the user is listed as unconfirmed, never mailed again;
 * without it nothing went out and the send is retried. A mail the server may have accepted (the answer after the body
 * never came) is unconfirmed too. One run at a time across instances ({@code auto-invitations} lease, renewed at each
 * account, after its user list and before every user that costs calls), and one run per interval between them
 * ({@code last_run_at}). A mail that certainly failed withdraws its link and is tried again (once a day), at most
 * {@link #MAX_ATTEMPTS} times; a user without a usable email tag is looked at again once a day.
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
    /** How often a user waiting for an email tag, or for a failed mail's retry, is looked at again. */
    static final Duration RECHECK_WAITING = Duration.ofDays(1);

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

    /**
     * Stores the baseline (the moment the feature was first turned on, and whether MFA_AUTO_INVITE_EXISTING was set
     * then), if none is stored yet, and returns the stored one. Only the call that stores it reads the setting, and
     * the first run that reaches every account clears it: left on, it never mails everyone a second time.
     */
    public AutoInvitationStore.Baseline baseline() {
        AutoInvitationStore.Baseline baseline = store.baseline(clock.instant(), settings.existing());
        if (settings.existing() && !baseline.inviteExisting()) {
            log.warn("MFA_AUTO_INVITE_EXISTING=true is ignored: it counts only when the feature is first turned on"
                    + " on a database (here at {}); remove it", baseline.turnedOnAt());
        }
        return baseline;
    }

    /** When the feature was first turned on (stored now if never). */
    public Instant turnedOn() {
        return baseline().turnedOnAt();
    }

    /** The users waiting for a link sent by hand (no email tag, protected, mail failing, a send unconfirmed). */
    public List<Waiting> waitingForHelpdesk() {
        return store.listedForHelpdesk(LISTED).stream()
                .map(e -> new Waiting(e.user(), UserPaths.of(e.user()), e.state().messageKey(), e.firstSeenAt()))
                .toList();
    }

    /** How many waiting users {@link #waitingForHelpdesk} leaves out (it lists the oldest {@value #LISTED}). */
    public int waitingBeyondList() {
        return Math.max(0, store.countListedForHelpdesk() - LISTED);
    }

    /** Asks a running run to stop before its next user (shutdown). */
    public void stop() {
        stopping.countDown();
    }

    /**
     * One run over every account served, whenever it was last run. Empty when the feature is off or another run (any
     * instance) holds the lease. An account that cannot be reached or read is skipped this run, not the run failed.
     */
    public Optional<Run> runOnce() {
        return run(false);
    }

    /**
     * One run, unless any instance sharing the database started one less than an interval ago (then empty): every
     * instance looks on its own schedule, and between them they run once per interval.
     */
    public Optional<Run> runIfDue() {
        return run(true);
    }

    private Optional<Run> run(boolean onlyIfDue) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        Optional<String> holder = lease.tryAcquire(leaseDuration);
        if (holder.isEmpty()) {
            return Optional.empty();
        }
        Counts counts = new Counts();
        try {
            AutoInvitationStore.Baseline baseline = baseline();
            boolean due = store.startRun(clock.instant(), settings.interval());
            if (onlyIfDue && !due) {
                return Optional.empty();
            }
            markUnconfirmed(counts);
            store.resolveInvitedByPeople();
            if (invitations.notifications().logOnly()) {
                // A link mailed to nobody would count as the user's one invitation: wait for a mail server.
                log.warn("Auto-invite sends nothing: no SMTP server is configured (MFA_SMTP_HOST)");
                return Optional.of(counts.run());
            }
            AccountDirectory accounts = compliance.directory();
            boolean everyAccount = true;
            for (Account account : accounts.accounts()) {
                keep(holder.get());
                if (!accounts.reachability(account.id()).reachable()) {
                    log.warn("Auto-invite skips account {} this run: unreachable", account.id());
                    everyAccount = false;
                    continue;
                }
                try {
                    inviteIn(account, baseline, holder.get(), counts);
                } catch (IamFailure e) {
                    everyAccount = false;
                    log.warn("Auto-invite skips account {} this run: {} {}", account.id(), e.action(), e.kind());
                } catch (ComplianceProblem e) {
                    everyAccount = false;
                    log.warn("Auto-invite skips account {} this run: no credential report ({}) [{}]", account.id(),
                            e.kind(), e.reference());
                }
            }
            if (baseline.inviteExisting() && everyAccount) {
                store.existingInvited();
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

    /**
     * Rows still SENDING while this run holds the lease: an instance stopped mid-send. With a link issued by the
     * feature since the claim, the mail may have gone out: listed, never sent again. Without one nothing went out:
     * failed, tried again.
     */
    private void markUnconfirmed(Counts counts) {
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
                    counts.listed++;
                }
            }
        }
    }

    private void inviteIn(Account account, AutoInvitationStore.Baseline baseline, String holder, Counts counts) {
        ComplianceReport report = compliance.of(account).current();
        Map<String, UserCompliance> reported = new HashMap<>();
        report.users().forEach(u -> reported.put(key(u.user()), u));
        IamGateway iam = compliance.directory().iam(account.id());
        List<IamUser> users = iam.listUsers();
        // The report and the user list may have taken minutes in a large account.
        keep(holder);
        Set<String> listed = new HashSet<>();
        Set<String> stillWithoutMfa = new HashSet<>();
        // Users whose standing this run does not know (IAM could not tell, or not asked): their rows stay as they are.
        Set<String> unknown = new HashSet<>();
        for (IamUser iamUser : users) {
            listed.add(key(iamUser.userName()));
            boolean eligible = baseline.inviteExisting() || createdAfter(iamUser, baseline.turnedOnAt());
            UserCompliance row = reported.get(key(iamUser.userName()));
            boolean withoutMfa;
            if (row != null) {
                withoutMfa = row.passwordEnabled() && !row.mfaActive();
            } else if (!eligible) {
                unknown.add(key(iamUser.userName()));
                continue; // not in the report and never to be invited: not worth two IAM calls
            } else {
                keep(holder);
                Optional<Boolean> asked = consoleUserWithoutMfa(iam, iamUser.userName());
                if (asked.isEmpty()) {
                    unknown.add(key(iamUser.userName()));
                    continue;
                }
                withoutMfa = asked.get();
            }
            if (!withoutMfa) {
                continue;
            }
            stillWithoutMfa.add(key(iamUser.userName()));
            if (eligible) {
                // Renewed before users that may cost IAM calls or a mail, and at each account and after its user list.
                keep(holder);
                handle(new AccountUser(account.id(), iamUser.userName()), iamUser.createDate(), counts);
            }
        }
        // Whoever waits but has MFA now, no console password or no user: off the list. A send cut short may have
        // arrived: that user counts as invited (SENT), so losing MFA later never mails them again. GAVE_UP stays: after
        // failed mails, only a person's link (or a person's decision) ends it, never a later automatic try.
        for (Entry waiting : store.waiting(account.id())) {
            String name = key(waiting.user().name());
            if (waiting.state() == State.GAVE_UP || unknown.contains(name)
                    || (listed.contains(name) && stillWithoutMfa.contains(name))) {
                continue;
            }
            store.note(waiting.user(), waiting.state() == State.UNCONFIRMED ? State.SENT : State.RESOLVED,
                    waiting.userCreatedAt());
        }
    }

    /**
     * Asked of IAM for a user the report does not know yet: empty when IAM cannot tell (then nothing is concluded;
     * asked again next run). A user deleted meanwhile needs no invitation.
     */
    private static Optional<Boolean> consoleUserWithoutMfa(IamGateway iam, String userName) {
        try {
            return Optional.of(iam.hasConsolePassword(userName) && iam.listMfaDevices(userName).isEmpty());
        } catch (IamFailure e) {
            if (e.kind() == IamFailure.Kind.NO_SUCH_ENTITY) {
                return Optional.of(false);
            }
            log.warn("Auto-invite could not check user {}: {} {}", userName, e.action(), e.kind());
            return Optional.empty();
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
        if ((state == State.NO_ADDRESS || state == State.BAD_ADDRESS || state == State.FAILED)
                && entry.get().checkedAt() != null
                && entry.get().checkedAt().isAfter(clock.instant().minus(RECHECK_WAITING))) {
            // Each look costs a GetUser (the tags): once a day for a user waiting on a tag or a retry.
            if (state.listed()) {
                counts.listed++;
            } else {
                counts.skipped++;
            }
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
        if (!Notifications.isOneValidAddress(address)) {
            // Not a mail failure: no link is issued, nothing is retried until the tag changes.
            if (store.note(user, State.BAD_ADDRESS, createdAt)) {
                audit.recordOnUser(Actors.AUTO_INVITE, user, AuditAction.INVITATION_SKIPPED, Outcome.SUCCESS,
                        "auto-invite: the user's " + emailTagKey + " tag is not one valid address; listed for the"
                                + " helpdesk");
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
            counts.invited++;
            return;
        }
        if (outcome == Invitations.Outcome.UNCERTAIN) {
            // The server may have it: the link stays valid, and the user is never mailed again automatically.
            store.finish(user, State.UNCONFIRMED, link.id());
            audit.recordOnUser(Actors.AUTO_INVITE, user, AuditAction.INVITATION_SKIPPED, Outcome.FAILURE,
                    "auto-invite: the mail server never confirmed the invitation; not sent again, listed for the"
                            + " helpdesk");
            counts.listed++;
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
