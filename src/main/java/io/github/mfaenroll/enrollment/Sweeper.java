package io.github.mfaenroll.enrollment;

import io.github.mfaenroll.identity.Sessions;
import io.github.mfaenroll.store.Lease;
import java.time.Duration;
import java.util.Optional;

/**
 * One sweep: expired enrollments and their devices, leftover devices the app created, dead sessions. Runs on one
 * instance at a time (a database lease); running it twice is harmless anyway, because every step is a
 * conditional update and deleting a device that is already gone counts as done.
 */
public record Sweeper(EnrollmentService enrollments, Sessions sessions, Lease lease) {

    /**
     * How long a holder keeps others out. A holder that dies mid-sweep (SIGKILL, OOM) blocks sweeping for at most
     * this long; a sweep that runs longer than this may overlap the next one, which is harmless (see above).
     */
    private static final Duration LEASE = Duration.ofSeconds(30);

    /** What one sweep did. */
    public record Result(int devicesDeleted, int sessionsPurged) {
    }

    /** Sweeps once; empty when another instance holds the lease. */
    public Optional<Result> sweepOnce() {
        Optional<String> holder = lease.tryAcquire(LEASE);
        if (holder.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Result(enrollments.sweep(), sessions.purgeExpired()));
        } finally {
            lease.release(holder.get());
        }
    }
}
