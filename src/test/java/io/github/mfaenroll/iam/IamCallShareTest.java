package io.github.mfaenroll.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.mfaenroll.testing.TestAppExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Employees' IAM calls (the wizard, resync) draw on a share of the account's call budget, so however many people
 * enroll at once, the helpdesk's calls still get through.
 */
class IamCallShareTest {

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.withEnv(Map.of("MFA_IAM_MAX_CALLS_PER_SECOND", "2"));

    @ParameterizedTest(name = "{0} calls/s -> {1} for the wizard")
    @CsvSource({"1,1", "2,1", "3,2", "4,3", "10,7", "100,75"})
    void theWizardGetsThreeQuartersAndLeavesAtLeastOneCallASecond(int budget, int share) {
        assertThat(IamCallShare.wizardShareOf(budget)).isEqualTo(share);
    }

    /**
     * At 2 calls a second, sixteen employee calls queued without a share would hold the next eight seconds of the
     * budget, and a helpdesk call would wait behind all of them. With the share they take at most one call a second,
     * so only a few are served while the helpdesk call waits. Counted, not timed: a busy machine slows both sides.
     */
    @Test
    void aHelpdeskCallIsNotQueuedBehindEveryWaitingEmployeeCall() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger toldBusy = new AtomicInteger();
        ExecutorService employees = Executors.newFixedThreadPool(16);
        for (int i = 0; i < 16; i++) {
            employees.execute(() -> {
                while (running.get()) {
                    try {
                        app.components().employeeIam().listMfaDevices("alice");
                    } catch (IamFailure busy) {
                        toldBusy.incrementAndGet();
                    }
                }
            });
        }
        int first = app.simulator().requestCount("ListMFADevices");
        // Their calls are under way (and the rest queued behind the share) before the helpdesk asks.
        await().atMost(Duration.ofSeconds(30)).until(() -> app.simulator().requestCount("ListMFADevices") > first + 1);
        List<Integer> employeeCallsServedMeanwhile = new ArrayList<>();

        for (int i = 0; i < 3; i++) {
            int before = app.simulator().requestCount("ListMFADevices");
            app.components().iam().getUser("bob");
            employeeCallsServedMeanwhile.add(app.simulator().requestCount("ListMFADevices") - before);
        }

        running.set(false);
        employees.shutdownNow();
        assertThat(employees.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(employeeCallsServedMeanwhile).allSatisfy(served -> assertThat(served).isLessThanOrEqualTo(6));
        assertThat(toldBusy).as("employees past the longest wait are told AWS is busy, not held").hasPositiveValue();
    }
}
