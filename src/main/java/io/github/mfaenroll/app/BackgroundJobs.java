package io.github.mfaenroll.app;

import io.github.mfaenroll.enrollment.EnrollmentService;
import io.github.mfaenroll.identity.Sessions;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The periodic sweep: expired enrollments and their devices, leftover devices, dead sessions. */
public final class BackgroundJobs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BackgroundJobs.class);

    private final EnrollmentService enrollments;
    private final Sessions sessions;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sweeper");
        thread.setDaemon(true);
        return thread;
    });

    public BackgroundJobs(EnrollmentService enrollments, Sessions sessions) {
        this.enrollments = enrollments;
        this.sessions = sessions;
    }

    public void start(Duration interval) {
        scheduler.scheduleWithFixedDelay(this::sweepOnce, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** One sweep; failures are logged and retried at the next interval, never allowed to stop the schedule. */
    public void sweepOnce() {
        try {
            int devices = enrollments.sweep();
            int purged = sessions.purgeExpired();
            if (devices > 0 || purged > 0) {
                log.info("Sweep deleted {} leftover device(s) and {} expired session(s)", devices, purged);
            }
        } catch (RuntimeException e) {
            log.warn("Sweep failed; will retry at the next interval", e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
