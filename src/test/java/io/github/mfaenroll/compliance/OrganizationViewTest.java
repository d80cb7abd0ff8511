package io.github.mfaenroll.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.MutableClock;
import io.github.mfaenroll.testing.SeveralAccounts;
import io.github.mfaenroll.testing.Staff;
import io.github.mfaenroll.testing.TestApp;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The organization view and the per-account compliance views through the real app, serving three accounts (three
 * simulators through the real SDK): demo-corp and demo-dev reachable, demo-prod unreachable with AWS's reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrganizationViewTest {

    private SeveralAccounts accounts;
    private TestApp app;

    @BeforeAll
    void start() {
        MutableClock clock = new MutableClock(TestApp.START);
        accounts = new SeveralAccounts(clock);
        app = TestApp.forAccounts(accounts.simulator(SeveralAccounts.OWN), accounts, clock, Map.of());
    }

    @AfterAll
    void stop() {
        app.close();
        accounts.close();
    }

    private Browser helpdesk() {
        return Staff.withSession(app, "helpdesk:hanna", Role.HELPDESK);
    }

    /** The row of one account, from its {@code <tr id="account-ID">} to its end. */
    private static String row(String html, String accountId) {
        Matcher row = Pattern.compile("<tr id=\"account-" + accountId + "\">(.*?)</tr>", Pattern.DOTALL).matcher(html);
        assertThat(row.find()).as("row of " + accountId).isTrue();
        return row.group(1);
    }

    private static String cell(String row, String name) {
        Matcher cell = Pattern.compile("<td class=\"" + name + "\">(.*?)</td>", Pattern.DOTALL).matcher(row);
        assertThat(cell.find()).as(name).isTrue();
        return cell.group(1).strip();
    }

    @Nested
    class TheOrganizationView {

        @Test
        void showsEachAccountsFiguresAndTheUnreachableOneWithAwsReason() {

            Page page = helpdesk().get("/helpdesk/organization");

            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("Cache-Control")).isEqualTo("no-store");
            String corp = row(page.body(), "123456789012");
            assertThat(corp).contains("<a href=\"/helpdesk/accounts/123456789012/compliance\">demo-corp</a>");
            assertThat(cell(corp, "reachable")).isEqualTo("Yes");
            assertThat(cell(corp, "with-password")).isEqualTo("3"); // alice, bob, carol
            assertThat(cell(corp, "percent-mfa")).isEqualTo("33.3% (1/3)"); // carol
            assertThat(cell(corp, "root-mfa")).startsWith("No MFA.");
            String dev = row(page.body(), "234567890123");
            assertThat(dev).contains("<a href=\"/helpdesk/accounts/234567890123/compliance\">demo-dev</a>");
            assertThat(cell(dev, "with-password")).isEqualTo("2");
            assertThat(cell(dev, "percent-mfa")).isEqualTo("50.0% (1/2)");
            assertThat(cell(dev, "root-mfa")).isEqualTo("MFA active");
            String prod = row(page.body(), "345678901234");
            assertThat(cell(prod, "reachable")).startsWith("No: the app can’t reach this account.")
                    .contains("Reason: " + SeveralAccounts.UNREACHABLE_REASON);
            assertThat(cell(prod, "with-password")).isEqualTo("Not known");
        }

        @Test
        void addsUpTheReportedAccounts() {

            Page page = helpdesk().get("/helpdesk/organization");

            String totals = row(page.body().replace("<tr id=\"totals\">", "<tr id=\"account-totals\">"), "totals");
            assertThat(totals).contains("3 accounts");
            assertThat(cell(totals, "reachable")).isEqualTo("2 reported");
            assertThat(cell(totals, "with-password")).isEqualTo("5");
            assertThat(cell(totals, "percent-mfa")).isEqualTo("40.0% (2/5)");
            assertThat(cell(totals, "root-mfa")).isEqualTo("Root user with MFA in 1 account");
        }

        @Test
        void drawsTodaysSnapshotOfTheOrganizationWithItsFiguresInATable() {

            Page page = helpdesk().get("/helpdesk/organization");

            assertThat(page.body()).contains("<svg class=\"coverage-chart\"")
                    .contains("aria-labelledby=\"coverage-svg-title coverage-svg-desc\"")
                    .contains("<th scope=\"row\"><time datetime=\"2026-11-23\">2026-11-23</time></th>\n"
                            + "      <td>5</td>\n      <td>2</td>\n      <td>40.0%</td>");
        }

        @Test
        void putsEachAccountsFiguresOnTheMetricsLabelledWithTheAccount() {
            helpdesk().get("/helpdesk/organization");

            String scrape = app.browser().get("/metrics").body();

            assertThat(scrape.lines()).contains(
                    "mfa_compliance_users_with_console_password{account=\"234567890123\"} 2.0",
                    "mfa_compliance_users_with_console_password_and_mfa{account=\"234567890123\"} 1.0",
                    "mfa_compliance_root_mfa{account=\"234567890123\"} 1.0",
                    "mfa_compliance_root_mfa{account=\"123456789012\"} 0.0",
                    "mfa_compliance_users_with_console_password{account=\"345678901234\"} NaN");
        }

        @Test
        void isLinkedFromTheHelpdeskHomeWhenSeveralAccountsAreServed() {

            Page home = helpdesk().get("/helpdesk");

            assertThat(home.body()).contains("<a href=\"/helpdesk/organization\">");
        }
    }

    @Nested
    class AnAccountsComplianceView {

        @Test
        void namesTheAccountAndLinksUsersToTheirPageInThatAccount() {

            Page page = helpdesk().get("/helpdesk/accounts/demo-dev/compliance");

            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("Account: demo-dev (234567890123)")
                    .contains("<a href=\"/helpdesk/accounts/234567890123/users/erin\">erin</a>")
                    .contains("<dd id=\"count-with-password\">2</dd>")
                    .contains("<a href=\"/helpdesk/organization\">")
                    .contains("<svg class=\"coverage-chart\"");
        }

        @Test
        void ofAnUnreachableAccountSaysSoWithAwsReasonAndRefusesTheExport() {

            Page page = helpdesk().get("/helpdesk/accounts/345678901234/compliance");
            Page csv = helpdesk().get("/helpdesk/accounts/345678901234/compliance.csv");

            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("The app can’t reach this account right now")
                    .contains("Reason: " + SeveralAccounts.UNREACHABLE_REASON);
            assertThat(csv.status()).isEqualTo(503);
        }

        @Test
        void exportsJsonWithTheAccountsSectionAndTotals() throws Exception {

            Page json = helpdesk().get("/helpdesk/accounts/234567890123/compliance.json");

            JsonNode whole = new ObjectMapper().readTree(json.body());
            assertThat(whole.get("accounts")).hasSize(1);
            assertThat(whole.get("accounts").get(0).get("accountAlias").asText()).isEqualTo("demo-dev");
            assertThat(whole.get("accounts").get(0).get("report").get("users")).hasSize(2);
            assertThat(whole.get("totals").get("percentCompliant").asDouble()).isEqualTo(50.0);
        }

        @Test
        void whenAwsRefusesOneAccountsRefreshTryAgainLeadsBackToThatAccount() {
            Browser browser = helpdesk();
            browser.get("/helpdesk/accounts/234567890123/compliance"); // the form's CSRF token
            accounts.simulator(SeveralAccounts.DEV).failNext("GenerateCredentialReport", 1, 403, "AccessDenied",
                    "not allowed");

            Page failed = browser.post("/helpdesk/accounts/234567890123/compliance/refresh", Map.of());
            Page organization = browser.get("/helpdesk/organization");

            assertThat(failed.status()).isEqualTo(502);
            assertThat(failed.body()).contains("<a class=\"button\" href=\"/helpdesk/accounts/234567890123/compliance\">");
            // The last report is kept: the organization view still has the account's figures.
            assertThat(cell(row(organization.body(), "234567890123"), "with-password")).isEqualTo("2");
        }

        @Test
        void ofAnAccountNotServedIsNotFound() {

            Page page = helpdesk().get("/helpdesk/accounts/999999999999/compliance");

            assertThat(page.status()).isEqualTo(404);
        }

        @Test
        void theOldAddressRedirectsToTheOwnAccountsKeepingTheQuery() {

            Page page = helpdesk().get("/helpdesk/compliance.csv?show=mfa&q=car");

            assertThat(page.status()).isEqualTo(303);
            assertThat(page.location()).isEqualTo("/helpdesk/accounts/123456789012/compliance.csv?show=mfa&q=car");
        }
    }
}
