package io.github.mfaenroll.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.iam.simulator.DemoAccount;
import io.github.mfaenroll.iam.simulator.IamSimulator;
import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.Databases;
import io.github.mfaenroll.testing.HttpWizard;
import io.github.mfaenroll.testing.MutableClock;
import io.github.mfaenroll.testing.TestApp;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two app instances behind one address, sharing one PostgreSQL and one IAM, as in a production rollout.
 * A browser's cookies are per host, so one browser talks to both instances like a load balancer would send it.
 */
class SeveralInstancesTest {

    private final MutableClock clock = new MutableClock(TestApp.START);
    private IamSimulator iam;
    private TestApp first;
    private TestApp second;

    @BeforeEach
    void startTwoInstances() {
        iam = new IamSimulator(clock, DemoAccount.ACCOUNT_ID).start();
        DemoAccount.seed(iam);
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        Map<String, String> shared = Map.of("MFA_DATABASE_URL", Databases.postgresUrl(), "MFA_DATABASE_USER", "postgres",
                "MFA_SECRET_KEY", Base64.getEncoder().encodeToString(key));
        first = TestApp.instanceSharing(iam, clock, shared);
        second = TestApp.instanceSharing(iam, clock, shared);
    }

    @AfterEach
    void stop() {
        first.close();
        second.close();
        iam.close();
    }

    /** The same path on the other instance. */
    private static String on(TestApp instance, String path) {
        return instance.baseUrl().resolve(path).toString();
    }

    @Test
    void anEnrollmentStartedOnOneInstanceCompletesOnTheOther() {
        Browser browser = first.signedInAs("alice");
        Authenticator phone = HttpWizard.startAndReadKey(browser, clock);

        browser.get(on(second, "/enroll/verify"));
        Page verified = browser.post(on(second, "/enroll/verify"), Map.of("code1", phone.code(-1), "code2", phone.code(0)));

        assertThat(verified.location()).isEqualTo("/enroll/done");
        assertThat(iam.assignedSerials("alice")).hasSize(1);
        assertThat(browser.get(on(first, "/enroll/done")).body()).contains("MFA is on");
        List<String> budgets = first.components().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT budget FROM iam_call_budgets WHERE state IS NOT NULL").mapTo(String.class).list());
        assertThat(budgets).as("both instances drew on the account's one budget in the database")
                .containsExactlyInAnyOrder("self", "self/wizard");
    }

    @Test
    void aCodePairTriedOnOneInstanceIsNeverSentToIamAgainByTheOther() {
        Browser browser = first.signedInAs("alice");
        Authenticator phone = HttpWizard.startAndReadKey(browser, clock);
        Map<String, String> pair = Map.of("code1", phone.code(-1), "code2", phone.code(0));
        iam.failNext("EnableMFADevice", 1, 400, "Throttling", "Rate exceeded");
        browser.get("/enroll/verify");
        Page throttled = browser.post("/enroll/verify", pair);

        browser.get(on(second, "/enroll/verify"));
        Page replayed = browser.post(on(second, "/enroll/verify"), pair);

        assertThat(throttled.status()).isEqualTo(503);
        assertThat(replayed.location()).isEqualTo("/enroll/verify");
        assertThat(browser.get(on(second, "/enroll/verify")).body()).contains("already used");
        assertThat(iam.requestCount("EnableMFADevice")).isEqualTo(1);
        assertThat(iam.assignedSerials("alice")).isEmpty();
    }

    @Test
    void aLinkClaimedOnOneInstanceCannotBeClaimedOnTheOther() {
        URI link = first.linkFor("bob");
        Browser one = first.browser();
        Browser other = second.browser();
        one.get(link.toString());
        other.get(on(second, link.getPath()));

        Page claimed = one.post("/onboard", Map.of("token", TestApp.tokenOf(link)));
        Page again = other.post(on(second, "/onboard"), Map.of("token", TestApp.tokenOf(link)));

        assertThat(claimed.status()).isEqualTo(303);
        assertThat(again.status()).isEqualTo(410);
    }

    @Test
    void concurrentSweepersDeleteEachExpiredDeviceOnce() throws Exception {
        for (String user : List.of("alice", "bob", "dave")) {
            Browser browser = first.signedInAs(user);
            assertThat(HttpWizard.pressStart(browser).status()).isEqualTo(303);
        }
        assertThat(iam.virtualDeviceSerials()).hasSize(4);
        clock.advance(Duration.ofMinutes(16));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Callable<Optional<?>>> sweeps = new ArrayList<>();
        for (TestApp instance : List.of(first, second, first, second)) {
            sweeps.add(() -> instance.components().sweeper().sweepOnce());
        }

        int deleted = 0;
        for (Future<Optional<?>> sweep : pool.invokeAll(sweeps)) {
            deleted += sweep.get().map(r -> ((io.github.mfaenroll.enrollment.Sweeper.Result) r).devicesDeleted())
                    .orElse(0);
        }
        pool.shutdown();

        assertThat(iam.virtualDeviceSerials()).hasSize(1); // carol's own device stays
        assertThat(deleted).isEqualTo(3);
        assertThat(iam.requestCount("DeleteVirtualMFADevice")).isEqualTo(3);
    }
}
