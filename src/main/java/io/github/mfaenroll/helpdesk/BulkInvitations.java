package io.github.mfaenroll.helpdesk;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry.Outcome;
import io.github.mfaenroll.audit.AuditLog;
import io.github.mfaenroll.audit.References;
import io.github.mfaenroll.helpdesk.BulkInvitationStore.Counter;
import io.github.mfaenroll.helpdesk.BulkInvitationStore.Job;
import io.github.mfaenroll.helpdesk.BulkInvitationStore.State;
import io.github.mfaenroll.iam.Account;
import io.github.mfaenroll.iam.AccountDirectory;
import io.github.mfaenroll.iam.AccountId;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.IamFailure;
import io.github.mfaenroll.iam.TaggedUser;
import io.github.mfaenroll.iam.UnknownAccount;
import io.github.mfaenroll.onboarding.Invitations;
import io.github.mfaenroll.onboarding.OnboardingLinks.IssuedLink;
import io.github.mfaenroll.onboarding.OnboardingLinks;
import io.github.mfaenroll.store.Lease;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Invite every user without MFA": a background run that mails an onboarding link to each user with a console
 * password and no MFA device, one at a time, paced ({@code MFA_BULK_INVITES_PER_MINUTE}) to stay inside IAM's and the
 * mail server's limits, with its progress in the database.
 *
 * <p>It invites only users the staff member who started it may act on ({@link ActionGuard#requireUser}): not their own
 * IAM user, and, unless they are an administrator, no administrator's or protected user; those are skipped.
 *
 * <p>Safe to run twice: a user who holds a valid link, or whom a bulk run invited within the link lifetime, is
 * skipped; a link whose mail failed is revoked at once, so it never counts as an invitation. At most one run at a
 * time across all instances: the run holds the {@code bulk-invitations} lease and renews it before every user; if the
 * instance dies, the lease expires and the next run marks the orphan INTERRUPTED.
 */
public final class BulkInvitations {


    private static final Logger log = LoggerFactory.getLogger(BulkInvitations.class);

    private final BulkInvitationStore store;
    private final Lease lease;
    private final PacedRun paced;
    private final UsersWithoutMfa users;
    private final OnboardingLinks links;
    private final Invitations invitations;
    private final ActionGuard guard;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration linkTtl;
    private final Executor executor;

    public BulkInvitations(BulkInvitationStore store, Lease lease, UsersWithoutMfa users, OnboardingLinks links,
                           Invitations invitations, ActionGuard guard, AuditLog audit, Clock clock,
                           Duration linkTtl, int invitesPerMinute, Executor executor) {
        this.store = store;
        this.lease = lease;
        this.users = users;
        this.links = links;
        this.invitations = invitations;
        this.guard = guard;
        this.audit = audit;
        this.clock = clock;
        this.linkTtl = linkTtl;
        this.paced = new PacedRun(lease, invitesPerMinute);
        this.executor = executor;
    }

    /** The run to show: a new one, or ({@code alreadyRunning}) the one that was running; {@code job} may be null then. */
    public record Started(Job job, boolean alreadyRunning) {
    }

    /** Starts a run in the background, unless one is running (then that one is returned). */
    public Started start(StaffMember staff, boolean confirmed) {
        return start(staff, null, confirmed);
    }

    /**
     * Starts a run over one account ({@code account}), or over every account this deployment serves (null), unless
     * one is running (then that one is returned). Accounts are invited one after the other at the run's pace, so no
     * account's IAM allowance sees more than one run's calls.
     */
    public Started start(StaffMember staff, AccountId account, boolean confirmed) {
        String actor = staff.principal();
        guard.requireConfirmed(confirmed, actor, null, AuditAction.BULK_INVITATION_STARTED);
        Optional<String> holder = paced.begin();
        if (holder.isEmpty()) {
            Optional<Job> running = store.unfinished();
            audit.record(actor, null, AuditAction.BULK_INVITATION_STARTED, Outcome.DENIED,
                    "another bulk invitation is running" + running.map(j -> " (" + j.id() + ")").orElse(""));
            return new Started(running.orElse(null), true);
        }
        String id = UUID.randomUUID().toString();
        store.interruptOthers(id);
        store.insert(id, actor, account);
        audit.record(actor, null, AuditAction.BULK_INVITATION_STARTED, Outcome.SUCCESS, "bulk invitation " + id);
        try {
            executor.execute(() -> run(id, staff, account, holder.get()));
        } catch (RejectedExecutionException e) {
            store.finish(id, State.INTERRUPTED, null);
            paced.end(holder.get());
            throw e;
        }
        return new Started(store.find(id).orElseThrow(), false);
    }

    /** The accounts a run may cover. */
    public AccountDirectory accounts() {
        return users.accounts();
    }

    /** Asks a running job to stop before its next user (shutdown); it ends INTERRUPTED. */
    public void stop() {
        paced.stop();
    }

    /**
     * The job, as it is now. One that claims to be running while nobody holds the lease lost its instance (killed,
     * say): it is marked INTERRUPTED here, so its page stops refreshing and says to run it again.
     */
    public Optional<Job> find(String id) {
        if (id == null || !id.matches("[0-9a-f-]{36}")) {
            return Optional.empty();
        }
        Optional<Job> job = store.find(id);
        if (job.isPresent() && !job.get().state().finished()) {
            Optional<String> nobodyRunsIt = lease.tryAcquire(Duration.ofSeconds(5));
            if (nobodyRunsIt.isPresent()) {
                store.interruptOthers("");
                lease.release(nobodyRunsIt.get());
                return store.find(id);
            }
        }
        return job;
    }

    private void run(String id, StaffMember staff, AccountId scope, String holder) {
        String actor = staff.principal();
        State end = State.DONE;
        String reference = null;
        log.info("Bulk invitation {} by {} started", id, actor);
        try {
            store.markRunning(id);
            List<AccountUser> withoutMfa = new ArrayList<>();
            Map<AccountUser, IamFailure.Kind> unreadableUsers = new LinkedHashMap<>();
            for (Account account : scope == null ? users.accounts().accounts()
                    : List.of(users.accounts().byId(scope).orElseThrow(() -> new UnknownAccount(scope.value())))) {
                if (scope == null && !users.accounts().reachability(account.id()).reachable()) {
                    // The whole organization: an account that cannot be reached is skipped, not the run failed.
                    log.warn("Bulk invitation {} skips account {}: unreachable", id, account.id());
                    continue;
                }
                UsersWithoutMfa.Scan scan = users.scan(account.id(), () -> paced.keep(holder));
                withoutMfa.addAll(scan.withoutMfa());
                unreadableUsers.putAll(scan.unreadable());
            }
            store.setTotal(id, withoutMfa.size() + unreadableUsers.size());
            for (Map.Entry<AccountUser, IamFailure.Kind> unreadable : unreadableUsers.entrySet()) {
                audit.recordOnUser(actor, unreadable.getKey(), AuditAction.INVITATION_SKIPPED, Outcome.FAILURE,
                        "bulk invitation " + id + ": IAM could not tell whether the user has MFA ("
                                + unreadable.getValue() + ")");
                store.count(id, Counter.FAILED);
            }
            Instant since = clock.instant().minus(linkTtl);
            for (AccountUser user : withoutMfa) {
                paced.keep(holder);
                Counter outcome = inviteOne(id, staff, user, since);
                store.count(id, outcome);
                if (outcome != Counter.SKIPPED) {
                    paced.pause();
                }
            }
        } catch (PacedRun.Stopped e) {
            end = State.INTERRUPTED;
        } catch (RuntimeException e) {
            end = State.FAILED;
            reference = References.next();
            if (e instanceof IamFailure failure) {
                log.warn("Bulk invitation {} failed: {} {} [{}]", id, failure.action(), failure.kind(), reference);
            } else {
                log.error("Bulk invitation {} failed [{}]", id, reference, e);
            }
        } finally {
            store.finish(id, end, reference);
            Job job = store.find(id).orElseThrow();
            audit.record(actor, null, AuditAction.BULK_INVITATION_FINISHED,
                    end == State.DONE ? Outcome.SUCCESS : Outcome.FAILURE, "bulk invitation " + id + ": "
                            + end.name().toLowerCase(java.util.Locale.ROOT) + ", " + job.sent() + " sent, "
                            + job.skipped() + " skipped, " + job.failed() + " failed", reference);
            paced.end(holder);
            log.info("Bulk invitation {} ended {}: {} sent, {} skipped, {} failed", id, end, job.sent(), job.skipped(),
                    job.failed());
        }
    }

    private Counter inviteOne(String id, StaffMember staff, AccountUser user, Instant since) {
        String actor = staff.principal();
        try {
            if (!users.stillWithoutMfa(user)) {
                audit.recordOnUser(actor, user, AuditAction.INVITATION_SKIPPED, Outcome.SUCCESS,
                        "bulk invitation " + id + ": set up MFA since the run began");
                return Counter.SKIPPED;
            }
            if (links.hasPendingInvitation(user, since)) {
                audit.recordOnUser(actor, user, AuditAction.INVITATION_SKIPPED, Outcome.SUCCESS,
                        "bulk invitation " + id + ": already holds a valid or recent invitation");
                return Counter.SKIPPED;
            }
            TaggedUser tagged;
            try {
                tagged = guard.requireUser(staff, user, AuditAction.LINK_ISSUED);
            } catch (HelpdeskRefusal refused) {
                // The guard audited the refusal with its reason; this says which run skipped the user.
                boolean notTheirs = refused.kind() == HelpdeskRefusal.Kind.OWN_USER
                        || refused.kind() == HelpdeskRefusal.Kind.PROTECTED_USER;
                audit.recordOnUser(actor, user, AuditAction.INVITATION_SKIPPED, notTheirs ? Outcome.SUCCESS : Outcome.FAILURE,
                        "bulk invitation " + id + (notTheirs ? ": not a user the runner may invite (own or protected)"
                                : ": the user could not be checked"));
                if (notTheirs) {
                    // The check read IAM: keep the run's pace, which spares the account's IAM allowance (the loop
                    // pauses after every outcome but a skip).
                    paced.pause();
                }
                return notTheirs ? Counter.SKIPPED : Counter.FAILED;
            }
            IssuedLink link = links.issue(user, null, actor, false, id);
            Invitations.Outcome outcome = invitations.deliver(link, null, tagged.tags(), actor);
            if (outcome == Invitations.Outcome.SENT) {
                return Counter.SENT;
            }
            if (outcome == Invitations.Outcome.UNCERTAIN) {
                // It may have arrived: the link stays valid (and counts as the user's invitation, so no later run
                // mails them again); the failure is audited with its doubt.
                return Counter.FAILED;
            }
            // Nobody received it: withdraw it, so it neither lingers nor counts as an invitation for the next run.
            links.revoke(link.id(), actor);
            return Counter.FAILED;
        } catch (RuntimeException e) {
            String reference = References.next();
            log.error("Bulk invitation {} could not invite {} [{}]", id, user, reference, e);
            audit.recordOnUser(actor, user, AuditAction.INVITATION_SKIPPED, Outcome.FAILURE,
                    "bulk invitation " + id + ": internal error", reference);
            return Counter.FAILED;
        }
    }


}
