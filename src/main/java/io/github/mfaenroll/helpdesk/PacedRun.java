package io.github.mfaenroll.helpdesk;

import io.github.mfaenroll.store.Lease;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the two invitation runs (the helpdesk's bulk invitation and the automatic one) share: a pace between users, and
 * a database lease that makes one instance run at a time. The lease is taken for one pause plus a margin and renewed as
 * the run goes on, so a run whose instance died is taken over once it expires; a run that finds its lease lost, or the
 * app shutting down, ends between two users ({@link Stopped}).
 */
final class PacedRun {

    /** Longest one user (IAM reads, SMTP with its timeouts) may take before the lease must be renewed. */
    private static final Duration LEASE_MARGIN = Duration.ofMinutes(5);

    private final Lease lease;
    private final Duration pause;
    private final Duration leaseDuration;
    /** Counted down at shutdown. A run is never interrupted: an interrupt during file I/O can close H2's store. */
    private final CountDownLatch stopping = new CountDownLatch(1);

    /** @param invitesPerMinute the pace, 1 to 6000 */
    PacedRun(Lease lease, int invitesPerMinute) {
        this.lease = lease;
        this.pause = Duration.ofMillis(60_000L / invitesPerMinute);
        this.leaseDuration = pause.plus(LEASE_MARGIN);
    }

    /** The lease's holder id when this instance may run now; empty while another run holds it. */
    Optional<String> begin() {
        return lease.tryAcquire(leaseDuration);
    }

    /** Ends the run: the lease is free for the next one at once. */
    void end(String holder) {
        lease.release(holder);
    }

    /** Renews the lease; when it was lost (another instance took over after it expired) the run stops. */
    void keep(String holder) {
        if (stopping.getCount() == 0 || !lease.renew(holder, leaseDuration)) {
            throw new Stopped();
        }
    }

    /** Waits one pause; shutdown ends the wait and the run. */
    void pause() {
        try {
            if (stopping.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new Stopped();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped();
        }
    }

    /** Asks the running run to end before its next user (shutdown). */
    void stop() {
        stopping.countDown();
    }

    /** The run must end now: shut down, or it no longer holds the lease. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("invitation run stopped", null, false, false);
        }
    }
}
