package io.github.mfaenroll.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.github.mfaenroll.compliance.ComplianceFilter.Show;
import io.github.mfaenroll.compliance.ComplianceReport.RootMfa;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ComplianceReportTest {

    private static final Instant GENERATED = Instant.parse("2026-11-23T09:00:00Z");

    private static CredentialReportRow user(String name, boolean password, boolean mfa) {
        return new CredentialReportRow(name, "arn:aws:iam::123456789012:user/" + name, false, password, null, mfa);
    }

    private static CredentialReportRow root(boolean mfa) {
        return new CredentialReportRow("<root_account>", "arn:aws:iam::123456789012:root", true, false, null, mfa);
    }

    private static final ComplianceReport DEMO = ComplianceReport.from(GENERATED, List.of(root(true),
            user("bob", true, false), user("Alice", true, false), user("carol", true, true),
            user("dave", false, false), user("erin", false, true)));

    @Nested
    class Categories {

        @ParameterizedTest
        @CsvSource({"true,false,NON_COMPLIANT", "true,true,COMPLIANT_WITH_MFA", "false,true,COMPLIANT_WITH_MFA",
                "false,false,NO_CONSOLE_PASSWORD"})
        void followTheCisCheck(boolean password, boolean mfa, ComplianceCategory expected) {

            assertThat(ComplianceCategory.of(password, mfa)).isEqualTo(expected);
        }

        @Test
        void leaveTheRootUserOutOfTheUsersAndReportItOnItsOwn() {

            assertThat(DEMO.users()).extracting(UserCompliance::user).doesNotContain("<root_account>");
            assertThat(DEMO.rootMfa()).isEqualTo(RootMfa.ACTIVE);
            assertThat(ComplianceReport.from(GENERATED, List.of(root(false))).rootMfa()).isEqualTo(RootMfa.NOT_ACTIVE);
            assertThat(ComplianceReport.from(GENERATED, List.of()).rootMfa()).isEqualTo(RootMfa.NOT_IN_REPORT);
        }

        @Test
        void sortUsersByNameWhateverTheCase() {

            assertThat(DEMO.users()).extracting(UserCompliance::user)
                    .containsExactly("Alice", "bob", "carol", "dave", "erin");
        }
    }

    @Nested
    class Counts {

        @Test
        void countEachCategoryAndTheUsersTheControlAppliesTo() {

            ComplianceReport.Counts counts = DEMO.counts();

            assertThat(counts).isEqualTo(new ComplianceReport.Counts(5, 2, 2, 1, 3, 1));
        }

        @Test
        void percentCompliantIsMfaAmongUsersWithAConsolePassword() {

            // carol of Alice, bob, carol; erin (MFA, no password) and dave do not count.
            assertThat(DEMO.percentCompliant()).isEqualTo(33.3);
        }

        @Test
        void percentCompliantIsRoundedDownSoOneMissingUserNeverShowsAsOneHundred() {
            List<CredentialReportRow> rows = new ArrayList<>();
            for (int i = 0; i < 2_499; i++) {
                rows.add(user("u" + i, true, true));
            }
            rows.add(user("last", true, false));

            assertThat(ComplianceReport.from(GENERATED, rows).percentCompliant()).isEqualTo(99.9);
        }

        @Test
        void percentCompliantIsOneHundredWhenNobodyHasAConsolePassword() {

            assertThat(ComplianceReport.from(GENERATED, List.of(user("dave", false, false))).percentCompliant())
                    .isEqualTo(100.0);
        }
    }

    static Stream<Arguments> filters() {
        return Stream.of(
                arguments("all", null, List.of("Alice", "bob", "carol", "dave", "erin")),
                arguments("noncompliant", null, List.of("Alice", "bob")),
                arguments("mfa", "", List.of("carol", "erin")),
                arguments("nopassword", null, List.of("dave")),
                arguments("nonsense", null, List.of("Alice", "bob", "carol", "dave", "erin")),
                arguments(null, "A", List.of("Alice", "carol", "dave")),
                arguments("noncompliant", "  ALI ", List.of("Alice")),
                arguments("mfa", "bob", List.of()));
    }

    @ParameterizedTest(name = "show={0} q={1}")
    @MethodSource("filters")
    void selectByCategoryAndNameSubstringIgnoringCase(String show, String q, List<String> expected) {

        List<UserCompliance> selected = DEMO.select(ComplianceFilter.of(show, q));

        assertThat(selected).extracting(UserCompliance::user).containsExactlyElementsOf(expected);
    }

    @Test
    void aFilterBecomesAQueryStringThatKeepsIt() {

        assertThat(ComplianceFilter.of("noncompliant", "a+b@x").queryString())
                .isEqualTo("?show=noncompliant&q=a%2Bb%40x");
        assertThat(ComplianceFilter.of(null, " ").queryString()).isEqualTo("?show=all");
        assertThat(ComplianceFilter.of("x", null).show()).isEqualTo(Show.ALL);
    }
}
