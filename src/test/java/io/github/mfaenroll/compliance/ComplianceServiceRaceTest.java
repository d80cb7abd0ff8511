package io.github.mfaenroll.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.testing.MutableClock;
import io.github.mfaenroll.testing.TestAppExtension;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The compliance fetch runs one at a time, but nobody waits for it who need not: a viewer of a fresh report is
 * answered while a refresh polls a slow IAM, and a caller who needs a report meanwhile gets the running fetch's.
 */
class ComplianceServiceRaceTest {

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo().freshForEachTest();
    /** While set, every wait between polls blocks until {@link #iamFinishes}, as on a slow IAM. */
    private final AtomicBoolean slowIam = new AtomicBoolean();
    private final CountDownLatch iamFinishes = new CountDownLatch(1);
    private final CountDownLatch polling = new CountDownLatch(1);

    /** Its own threads: the common pool may have a single worker on a small machine, busy with the slow call. */
    private final ExecutorService callers = Executors.newFixedThreadPool(4);

    @AfterEach
    void releaseTheSlowIam() {
        iamFinishes.countDown();
        callers.shutdownNow();
    }

    private ComplianceService service(MutableClock clock) {
        return new ComplianceService(app.components().iam(), clock, wait -> {
            if (slowIam.get()) {
                polling.countDown();
                iamFinishes.await();
            }
        });
    }

    @Test
    void aViewerOfAFreshReportIsAnsweredWhileARefreshWaitsForIam() throws Exception {
        // The service's clock stays put, so its report stays fresh; the simulator's moves past IAM's four hours, so
        // each GenerateCredentialReport starts a new report that has to be polled for.
        MutableClock serviceClock = new MutableClock(app.clock().instant());
        ComplianceService service = service(serviceClock);
        app.clock().advance(Duration.ofHours(5));
        ComplianceReport shown = service.current();
        app.clock().advance(Duration.ofHours(5));
        slowIam.set(true);

        CompletableFuture<ComplianceReport> refreshing = CompletableFuture.supplyAsync(service::refresh, callers);
        assertThat(polling.await(10, TimeUnit.SECONDS)).as("the refresh is polling IAM").isTrue();
        ComplianceReport viewed = CompletableFuture.supplyAsync(service::current, callers).get(2, TimeUnit.SECONDS);

        assertThat(viewed).isSameAs(shown);
        assertThat(refreshing).isNotDone();
        iamFinishes.countDown();
        assertThat(refreshing.get(10, TimeUnit.SECONDS).generatedAt()).isAfter(shown.generatedAt());
    }

    @Test
    void aCallerWhoNeedsAReportMeanwhileGetsTheRunningFetchs() throws Exception {
        app.clock().advance(Duration.ofHours(5));
        ComplianceService service = service(app.clock());
        slowIam.set(true);
        int generatesBefore = app.simulator().requestCount("GenerateCredentialReport");

        CompletableFuture<ComplianceReport> first = CompletableFuture.supplyAsync(service::current, callers);
        assertThat(polling.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<ComplianceReport> second = CompletableFuture.supplyAsync(service::current, callers);
        iamFinishes.countDown();

        assertThat(second.get(10, TimeUnit.SECONDS)).isSameAs(first.get(10, TimeUnit.SECONDS));
        assertThat(app.simulator().requestCount("GenerateCredentialReport") - generatesBefore)
                .as("one fetch: STARTED, then COMPLETE").isEqualTo(2);
    }
}
