package io.github.mfaenroll.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.enrollment.VerifyProblem;
import io.github.mfaenroll.iam.IamFailure;
import io.github.mfaenroll.testing.TestAppExtension;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestInstance;

/**
 * A freshly started app already lists every enrollment, verification and resync counter with each label value it
 * can take, at zero: Prometheus alerts on {@code rate()} and on absence need the series before the first event.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsFromStartTest {

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo();

    private String scrape;

    @BeforeAll
    void scrapeTheFreshApp() {
        scrape = app.browser().get("/metrics").body();
    }

    /** The demo organization's accounts: each has its own series from start. */
    private static final List<String> ACCOUNTS = List.of("123456789012", "234567890123", "345678901234");

    private static List<String> samples(String name, String label, List<String> values) {
        return ACCOUNTS.stream().flatMap(account -> values.stream()
                .map(value -> name + "{account=\"" + account + "\"," + label + "=\"" + value + "\"} 0.0")).toList();
    }

    @Nested
    class Enrollments {

        @Test
        void startedAndCompletedAreZero() {
            for (String account : ACCOUNTS) {
                assertThat(scrape).contains("\nmfa_enrollments_started_total{account=\"" + account + "\"} 0.0\n")
                        .contains("\nmfa_enrollments_completed_total{account=\"" + account + "\"} 0.0\n");
            }
        }

        @Test
        void everyReasonAnEnrollmentCanFailForIsZero() {
            List<String> reasons = new ArrayList<>(List.of("expired", "too_many_attempts", "locked_out",
                    "no_such_entity", "limit_exceeded", "entity_already_exists"));
            Arrays.stream(IamFailure.Kind.values())
                    .forEach(kind -> reasons.add("create_" + kind.name().toLowerCase(Locale.ROOT)));

            assertThat(scrape.lines()).containsAll(samples("mfa_enrollments_failed_total", "reason", reasons));
        }
    }

    @Nested
    class Verifications {

        @Test
        void everyReasonAPairCanBeRejectedForIsZero() {
            List<String> reasons = Arrays.stream(VerifyProblem.values()).filter(VerifyProblem::inWizard)
                    .map(VerifyProblem::code).toList();

            assertThat(reasons).contains("wrong_order", "aws_rejected", "already_used");
            assertThat(scrape.lines()).containsAll(samples("mfa_verifications_rejected_total", "reason", reasons));
        }
    }

    @Nested
    class Resyncs {

        @Test
        void everyOutcomeOfAResyncIsZero() {
            List<String> outcomes = List.of("resynced", "not_six_digits", "same_code_twice", "already_used",
                    "aws_rejected", "too_many_attempts", "device_gone", "locked_out");

            assertThat(scrape.lines()).containsAll(samples("mfa_resyncs_total", "outcome", outcomes));
        }
    }
}
