package io.github.mfaenroll.app;

import io.github.mfaenroll.compliance.OrganizationCompliance;
import io.github.mfaenroll.enforcement.Reminders;
import io.github.mfaenroll.enrollment.Sweeper;
import io.github.mfaenroll.helpdesk.AutoInvitations;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link Sweeper}, the enroll-by {@link Reminders} and the day's coverage snapshots periodically on a daemon
 * thread, and, when turned on, {@link AutoInvitations} every {@code MFA_AUTO_INVITE_INTERVAL} on a thread of its own
 * (a paced run can take minutes; the sweeper must not wait for it).
 */
public final class BackgroundJobs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BackgroundJobs.class);
    /** When an instance first looks whether an auto-invite run is due, after it starts. */
    static final Duration FIRST_AUTO_INVITE_LOOK = Duration.ofMinutes(1);
    /**
     * How long shutdown waits for the user in hand: longer than one user can take (IAM reads with the SDK's timeouts,
     * then SMTP's connect, write and read timeouts of 10 s each), bounded so a hung server cannot hold shutdown.
     */
    static final Duration AUTO_INVITE_SHUTDOWN = Duration.ofSeconds(90);

    private final Sweeper sweeper;
    private final Reminders reminders;
    private final OrganizationCompliance compliance;
    private final AutoInvitations autoInvitations;
    private final ScheduledExecutorService invitationScheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "auto-invite");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sweeper");
        thread.setDaemon(true);
        return thread;
    });

    public BackgroundJobs(Sweeper sweeper, Reminders reminders, OrganizationCompliance compliance,
                          AutoInvitations autoInvitations) {
        this.sweeper = sweeper;
        this.reminders = reminders;
        this.compliance = compliance;
        this.autoInvitations = autoInvitations;
    }

    public void start(Duration interval) {
        scheduler.scheduleWithFixedDelay(() -> {
            sweepOnce();
            remindOnce();
            snapshotOnce();
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        if (autoInvitations.settings().enabled()) {
            // The moment it was first turned on is stored now, not at the first run an interval later: users created
            // in between are new users, not existing ones.
            log.info("Auto-invite is on, first turned on at {}; looking every {}", autoInvitations.turnedOn(),
                    autoInvitations.settings().interval());
            // Soon after start, not an interval later: an instance restarted more often than the interval would
            // otherwise never run. Whether a run is due is the database's last run, shared by every instance.
            long every = autoInvitations.settings().interval().toMillis();
            invitationScheduler.scheduleWithFixedDelay(this::autoInviteIfDue,
                    Math.min(FIRST_AUTO_INVITE_LOOK.toMillis(), every), every, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * One auto-invite run unless any instance ran one within the interval (it logs its counts); like a sweep, a failure
     * is logged and retried at the next interval.
     */
    public void autoInviteIfDue() {
        try {
            autoInvitations.runIfDue();
        } catch (RuntimeException e) {
            log.warn("Auto-invite run failed; will retry at the next interval", e);
        }
    }

    /** One sweep; failures are logged and retried at the next interval, never allowed to stop the schedule. */
    public void sweepOnce() {
        try {
            sweeper.sweepOnce().filter(r -> r.devicesDeleted() > 0 || r.sessionsPurged() > 0).ifPresent(r ->
                    log.info("Sweep deleted {} leftover device(s) and {} expired session(s)", r.devicesDeleted(),
                            r.sessionsPurged()));
        } catch (RuntimeException e) {
            log.warn("Sweep failed; will retry at the next interval", e);
        }
    }

    /** One reminder run; like a sweep, a failure is logged and retried at the next interval. */
    public void remindOnce() {
        try {
            reminders.sendDue().filter(sent -> sent > 0).ifPresent(sent ->
                    log.info("Sent {} enroll-by reminder(s)", sent));
        } catch (RuntimeException e) {
            log.warn("Reminder run failed; will retry at the next interval", e);
        }
    }

    /**
     * Today's coverage snapshot of each account that has none yet (nobody opened its compliance view today), so the
     * chart has a point per day; like a sweep, a failure is logged and retried at the next interval.
     */
    public void snapshotOnce() {
        try {
            int taken = compliance.takeMissingSnapshots();
            if (taken > 0) {
                log.info("Kept today's coverage snapshot of {} account(s)", taken);
            }
        } catch (RuntimeException e) {
            log.warn("Coverage snapshots failed; will retry at the next interval", e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        // Not shutdownNow: an interrupt during H2's file I/O can close its store; AutoInvitations.stop() ends a run.
        autoInvitations.stop();
        invitationScheduler.shutdown();
        // The run stops before its next user, but the user in hand (IAM reads, an SMTP send) finishes first: the
        // database must still be open to record it, or that user's row stays SENDING.
        try {
            if (!invitationScheduler.awaitTermination(AUTO_INVITE_SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Auto-invite run still busy after {}; shutting down anyway", AUTO_INVITE_SHUTDOWN);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
