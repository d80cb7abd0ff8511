package io.github.mfaenroll.helpdesk;

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
import io.github.mfaenroll.onboarding.Invitations;
import io.github.mfaenroll.store.Lease;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * <p>Once per interval: one run at a time across instances ({@code auto-invitations} lease, renewed at each account,
 * after its user list and before every user that costs calls), and one run per interval between them
 * ({@code last_run_at}). Each user found is handed to {@link AutoInviteSender}, which decides whether they get a
 * link, mails it once and records what came of it; the run counts the outcomes and paces the mails.
 */
public final class AutoInvitations {

    /** How many waiting users the helpdesk's first page lists. */
    static final int LISTED = 100;

    private static final Logger log = LoggerFactory.getLogger(AutoInvitations.class);

    private final AutoInviteSettings settings;
    private final AutoInvitationStore store;
    private final PacedRun paced;
    private final OrganizationCompliance compliance;
    private final Invitations invitations;
    private final AutoInviteSender sender;
    private final Clock clock;

    public AutoInvitations(AutoInviteSettings settings, AutoInvitationStore store, Lease lease,
                           OrganizationCompliance compliance, Invitations invitations, AutoInviteSender sender,
                           Clock clock, int invitesPerMinute) {
        this.settings = settings;
        this.store = store;
        this.compliance = compliance;
        this.invitations = invitations;
        this.sender = sender;
        this.clock = clock;
        this.paced = new PacedRun(lease, invitesPerMinute);
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

    /**
     * How many waiting users {@code shown} (what {@link #waitingForHelpdesk} returned: the oldest {@value #LISTED})
     * leaves out. Counted only when the list is full: a shorter one is everyone, and the count is a query on every
     * helpdesk home page.
     */
    public int waitingBeyond(List<Waiting> shown) {
        return shown.size() < LISTED ? 0 : Math.max(0, store.countListedForHelpdesk() - LISTED);
    }

    /** Asks a running run to stop before its next user (shutdown). */
    public void stop() {
        paced.stop();
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
        Optional<String> holder = paced.begin();
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
            counts.listed += sender.settleSendsCutShort();
            store.resolveInvitedByPeople();
            if (invitations.notifications().logOnly()) {
                // A link mailed to nobody would count as the user's one invitation: wait for a mail server.
                log.warn("Auto-invite sends nothing: no SMTP server is configured (MFA_SMTP_HOST)");
                return Optional.of(counts.run());
            }
            AccountDirectory accounts = compliance.directory();
            boolean everyAccount = true;
            for (Account account : accounts.accounts()) {
                paced.keep(holder.get());
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
        } catch (PacedRun.Stopped e) {
            log.info("Auto-invite run stopped before its end");
        } finally {
            paced.end(holder.get());
        }
        Run run = counts.run();
        log.info("Auto-invite run: {} invited, {} failed, {} listed for the helpdesk, {} skipped", run.invited(),
                run.failed(), run.listed(), run.skipped());
        return Optional.of(run);
    }

    private void inviteIn(Account account, AutoInvitationStore.Baseline baseline, String holder, Counts counts) {
        ComplianceReport report = compliance.of(account).current();
        Map<String, UserCompliance> reported = new HashMap<>();
        report.users().forEach(u -> reported.put(key(u.user()), u));
        IamGateway iam = compliance.directory().iam(account.id());
        List<IamUser> users = iam.listUsers();
        // The report and the user list may have taken minutes in a large account.
        paced.keep(holder);
        Set<String> stillWithoutMfa = new HashSet<>();
        // Users whose standing this run does not know (IAM could not tell, or not asked): their rows stay as they are.
        Set<String> unknown = new HashSet<>();
        for (IamUser iamUser : users) {
            boolean eligible = baseline.inviteExisting() || createdAfter(iamUser, baseline.turnedOnAt());
            UserCompliance row = reported.get(key(iamUser.userName()));
            boolean withoutMfa;
            boolean justAsked = row == null; // then its devices are read from IAM just below
            if (row != null) {
                withoutMfa = row.passwordEnabled() && !row.mfaActive();
            } else if (!eligible) {
                unknown.add(key(iamUser.userName()));
                continue; // not in the report and never to be invited: not worth two IAM calls
            } else {
                paced.keep(holder);
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
                paced.keep(holder);
                AutoInviteSender.Result result = sender.invite(new AccountUser(account.id(), iamUser.userName()),
                        iamUser.createDate(), justAsked);
                counts.add(result);
                if (result.mailed()) {
                    paced.pause();
                }
            }
        }
        // Whoever waits but has MFA now, no console password or no user: off the list. A send cut short may have
        // arrived: that user counts as invited (SENT), so losing MFA later never mails them again. GAVE_UP stays: after
        // failed mails, only a person's link (or a person's decision) ends it, never a later automatic try.
        for (Entry waiting : store.waiting(account.id())) {
            String name = key(waiting.user().name());
            if (waiting.state() == State.GAVE_UP || unknown.contains(name) || stillWithoutMfa.contains(name)) {
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


    /** What a run did so far. */
    private static final class Counts {
        int invited;
        int failed;
        int listed;
        int skipped;

        void add(AutoInviteSender.Result result) {
            switch (result) {
                case INVITED -> invited++;
                case FAILED -> failed++;
                case UNCONFIRMED, LISTED -> listed++;
                case SKIPPED -> skipped++;
                case SETTLED -> { }
            }
        }

        Run run() {
            return new Run(invited, failed, listed, skipped);
        }
    }

}
