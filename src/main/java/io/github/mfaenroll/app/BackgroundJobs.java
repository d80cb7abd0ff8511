package io.github.mfaenroll.app;

import io.github.mfaenroll.enrollment.Sweeper;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the {@link Sweeper} periodically on a daemon thread. */
public final class BackgroundJobs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BackgroundJobs.class);

    private final Sweeper sweeper;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sweeper");
        thread.setDaemon(true);
        return thread;
    });

    public BackgroundJobs(Sweeper sweeper) {
        this.sweeper = sweeper;
    }

    public void start(Duration interval) {
        scheduler.scheduleWithFixedDelay(this::sweepOnce, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
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

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
