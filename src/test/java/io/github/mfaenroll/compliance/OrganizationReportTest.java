package io.github.mfaenroll.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mfaenroll.store.Database;
import io.github.mfaenroll.testing.Databases;
import io.github.mfaenroll.testing.MutableClock;
import io.github.mfaenroll.testing.SeveralAccounts;
import io.github.mfaenroll.testing.TestApp;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What {@code report} prints for several accounts (three simulators through the real SDK, one unreachable): the CSV
 * with the account columns first, the JSON with a section per account and totals; and the daily snapshot job.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrganizationReportTest {

    private final MutableClock clock = new MutableClock(TestApp.START);
    private SeveralAccounts accounts;
    private List<AccountStanding> standings;

    @BeforeAll
    void readEveryAccount() {
        accounts = new SeveralAccounts(clock);
        standings = new OrganizationCompliance(accounts, clock, d -> { }, Optional.empty()).standings();
    }

    @AfterAll
    void stop() {
        accounts.close();
    }

    @Test
    void theCsvStartsWithTheAccountColumnsAndListsTheReachableAccountsUsers() {
        StringWriter out = new StringWriter();

        ComplianceCsv.writeAccounts(standings, ComplianceFilter.everyone(), out);

        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).isEqualTo(
                "account_id,account_alias,user,arn,category,password_enabled,mfa_active,password_last_used");
        assertThat(lines.stream().skip(1).map(line -> line.substring(0, line.indexOf(',', 13)) + ","
                + line.split(",")[2])).containsExactly(
                "123456789012,demo-corp,alice", "123456789012,demo-corp,bob", "123456789012,demo-corp,carol",
                "123456789012,demo-corp,dave", "234567890123,demo-dev,erin", "234567890123,demo-dev,frank");
    }

    @Test
    void theJsonHasASectionPerAccountTheUnreachableOneWithAwsReasonAndTotals() throws Exception {
        StringWriter out = new StringWriter();

        ComplianceJson.writeAccounts(standings, ComplianceFilter.everyone(), out);

        JsonNode json = new ObjectMapper().readTree(out.toString());
        JsonNode sections = json.get("accounts");
        assertThat(sections).hasSize(3);
        assertThat(sections.get(0).get("accountId").asText()).isEqualTo("123456789012");
        assertThat(sections.get(0).get("report").get("counts").get("withConsolePassword").asInt()).isEqualTo(3);
        List<String> sectionFields = new java.util.ArrayList<>();
        sections.get(1).get("report").fieldNames().forEachRemaining(sectionFields::add);
        assertThat(sectionFields).containsExactly("generatedAt", "counts", "percentCompliant", "rootMfaActive", "users");
        assertThat(sections.get(1).get("report").get("rootMfaActive").asBoolean()).isTrue();
        assertThat(sections.get(2).get("accountAlias").asText()).isEqualTo("demo-prod");
        assertThat(sections.get(2).get("reachable").asBoolean()).isFalse();
        assertThat(sections.get(2).get("reason").asText()).isEqualTo(SeveralAccounts.UNREACHABLE_REASON);
        assertThat(sections.get(2).get("report").isNull()).isTrue();
        JsonNode totals = json.get("totals");
        assertThat(totals.get("accounts").asInt()).isEqualTo(3);
        assertThat(totals.get("reportedAccounts").asInt()).isEqualTo(2);
        assertThat(totals.get("unreportedAccounts").asInt()).isEqualTo(1);
        assertThat(totals.get("counts").get("users").asInt()).isEqualTo(6);
        assertThat(totals.get("counts").get("withConsolePassword").asInt()).isEqualTo(5);
        assertThat(totals.get("counts").get("withConsolePasswordAndMfa").asInt()).isEqualTo(2);
        assertThat(totals.get("percentCompliant").asDouble()).isEqualTo(40.0);
        assertThat(totals.get("accountsWithRootMfa").asInt()).isEqualTo(1);
        assertThat(totals.get("accountsWithoutRootMfa").asInt()).isEqualTo(1);
    }

    @Test
    void aReachableAccountWhoseReportAwsRefusesIsARowSayingWhyWhileTheOthersAreRead() {
        OrganizationCompliance compliance = new OrganizationCompliance(accounts, clock, d -> { }, Optional.empty());
        accounts.simulator(SeveralAccounts.DEV).failNext("GenerateCredentialReport", 1, 403, "AccessDenied", "no");

        List<AccountStanding> read = compliance.standings();

        assertThat(read).extracting(AccountStanding::reported).containsExactly(true, false, false);
        OrganizationController.Row dev = OrganizationController.Row.of(read.get(1));
        assertThat(dev.reachable()).isTrue();
        assertThat(dev.problemKey()).isEqualTo("compliance.problem.iam_access_denied");
        assertThat(dev.reference()).matches("R-[A-Z2-9]{8}");
        OrganizationController.Row prod = OrganizationController.Row.of(read.get(2));
        assertThat(prod.reachable()).isFalse();
        assertThat(prod.reason()).isEqualTo(SeveralAccounts.UNREACHABLE_REASON);
        assertThat(OrganizationTotals.of(read).reported()).isEqualTo(1);
    }

    @Test
    void theDailyJobKeepsOneSnapshotPerReachableAccountAndDay() {
        try (Database db = Databases.h2()) {
            CoverageSnapshots snapshots = new CoverageSnapshots(db.jdbi(), clock);
            OrganizationCompliance compliance = new OrganizationCompliance(accounts, clock, d -> { },
                    Optional.of(snapshots));

            int first = compliance.takeMissingSnapshots();
            int again = compliance.takeMissingSnapshots();
            clock.advance(Duration.ofDays(1));
            int nextDay = compliance.takeMissingSnapshots();

            assertThat(List.of(first, again, nextDay)).containsExactly(2, 0, 2);
            assertThat(snapshots.between(SeveralAccounts.DEV, snapshots.today().minusDays(89), snapshots.today()))
                    .extracting(CoverageSnapshot::withConsolePassword, CoverageSnapshot::withConsolePasswordAndMfa)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(2, 1), org.assertj.core.groups.Tuple.tuple(2, 1));
            assertThat(snapshots.between(SeveralAccounts.PROD, snapshots.today().minusDays(89), snapshots.today()))
                    .isEmpty();
        }
    }
}
