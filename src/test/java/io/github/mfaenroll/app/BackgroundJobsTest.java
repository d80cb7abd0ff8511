package io.github.mfaenroll.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.helpdesk.AutoInvitationStore;
import io.github.mfaenroll.testing.TestApp;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The background jobs as {@code serve} starts and stops them, on the app's real components. */
class BackgroundJobsTest {

    private static BackgroundJobs jobsOf(TestApp running) {
        Components components = running.components();
        return new BackgroundJobs(components.sweeper(), components.reminders(), components.organizationCompliance(),
                components.autoInvitations());
    }

    private static Optional<AutoInvitationStore.Baseline> baselineOf(TestApp running) {
        return new AutoInvitationStore(running.components().database().jdbi(), running.clock()).baseline();
    }

    @Nested
    class WithAutoInviteOn {

        @Test
        void startStoresTheBaselineAtOnceNotAtTheFirstRun() {
            try (TestApp running = TestApp.start(Map.of("MFA_AUTO_INVITE", "true"))) {
                BackgroundJobs jobs = jobsOf(running);

                jobs.start(Duration.ofHours(1));
                Optional<AutoInvitationStore.Baseline> baseline = baselineOf(running);
                jobs.close();

                assertThat(baseline).get().extracting(AutoInvitationStore.Baseline::turnedOnAt)
                        .isEqualTo(running.clock().instant());
            }
        }

        @Test
        void looksForTheFirstTimeSoonAfterStartNotAnIntervalLater() {
            assertThat(BackgroundJobs.FIRST_AUTO_INVITE_LOOK).isLessThanOrEqualTo(Duration.ofMinutes(1));
            assertThat(BackgroundJobs.AUTO_INVITE_SHUTDOWN).isGreaterThan(Duration.ofSeconds(30));
        }
    }

    @Nested
    class WithAutoInviteOff {

        @Test
        void startStoresNoBaseline() {
            try (TestApp running = TestApp.start(Map.of("MFA_AUTO_INVITE", "false"))) {
                BackgroundJobs jobs = jobsOf(running);

                jobs.start(Duration.ofHours(1));
                Optional<AutoInvitationStore.Baseline> baseline = baselineOf(running);
                jobs.close();

                assertThat(baseline).isEmpty();
            }
        }
    }
}
