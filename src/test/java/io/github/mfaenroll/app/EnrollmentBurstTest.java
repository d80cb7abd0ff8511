package io.github.mfaenroll.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.TestAppExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A rollout wave: 200 people enroll at once while IAM throttles above its rate. The app's own rate limit turns
 * the wave into waiting: every enrollment completes, and IAM never sees more calls per second than allowed.
 */
class EnrollmentBurstTest {

    private static final int PEOPLE = 200;
    private static final int APP_LIMIT = 60;

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.withEnv(Map.of(
            "MFA_IAM_MAX_CALLS_PER_SECOND", String.valueOf(APP_LIMIT), "MFA_ISSUER", "AWS burst"));

    @Test
    void twoHundredConcurrentEnrollmentsAllCompleteUnderTheIamRateLimit() throws Exception {
        List<Browser> people = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            app.simulator().addUser("user" + i, true, Map.of());
            Browser person = app.signedInAs("user" + i);
            person.get("/enroll"); // the start page, with the session's CSRF token for the button
            people.add(person);
        }
        // IAM throttles at one and a half times the app's limit (room for arrival jitter on a loaded machine), so
        // only the app's pacing keeps the wave error-free: without it, IAM would see 200 people's calls at once.
        app.simulator().throttleAbove(APP_LIMIT * 3 / 2);
        ExecutorService pool = Executors.newFixedThreadPool(PEOPLE);
        List<Callable<String>> enrollments = new ArrayList<>();
        for (Browser person : people) {
            enrollments.add(() -> enroll(person));
        }

        List<String> outcomes = new ArrayList<>();
        for (Future<String> outcome : pool.invokeAll(enrollments, 5, TimeUnit.MINUTES)) {
            outcomes.add(outcome.get());
        }
        pool.shutdown();

        assertThat(outcomes).hasSize(PEOPLE).allMatch("/enroll/done"::equals);
        assertThat(app.simulator().requestCount("EnableMFADevice")).isEqualTo(PEOPLE);
        // The app starts calls at least 1/limit s apart; the simulator stamps their arrival. Over a 5-second
        // sliding window, scheduling jitter on a loaded machine moves the figure by a few percent at most.
        assertThat(app.simulator().peakRequestsPerSecond(Duration.ofSeconds(5))).isLessThanOrEqualTo(APP_LIMIT * 1.1);
    }

    private static String enroll(Browser person) {
        Page started = person.post("/enroll/start", Map.of("csrf", person.csrf()));
        if (started.status() != 303) {
            return "start answered " + started.status();
        }
        Page scan = person.get("/enroll/scan");
        if (!scan.body().contains("otpauth://")) {
            return "scan answered " + scan.status() + ": " + scan.body().replaceAll("(?s).*<main[^>]*>", "")
                    .replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ").strip();
        }
        Authenticator phone = Authenticator.fromScanPage(scan.body(), app.clock());
        person.get("/enroll/verify");
        Page verified = person.post("/enroll/verify", Map.of("code1", phone.code(-1), "code2", phone.code(0)));
        return verified.status() == 303 ? verified.location() : "verify answered " + verified.status();
    }
}
