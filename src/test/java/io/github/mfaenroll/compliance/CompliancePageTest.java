package io.github.mfaenroll.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.iam.simulator.IamSimulator;
import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Staff;
import io.github.mfaenroll.testing.TestAppExtension;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /helpdesk/accounts/123456789012/compliance, its CSV export and its refresh button, through the real app on the demo account. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompliancePageTest {

    private static final Pattern USER_ROW = Pattern.compile("<th scope=\"row\"><a href=\"([^\"]*)\">([^<]*)</a></th>");

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo();
    private IamSimulator simulator;

    @BeforeAll
    void startApp() {
        simulator = app.simulator();
        // Before the first view: the report is made once and cached (IAM makes one at most every four hours).
        simulator.addUser("+plus@x", true, Map.of());
        simulator.addUser("erin", false, Map.of());
        simulator.addAssignedVirtualDevice("erin", "erin-token");
    }

    private Browser helpdesk() {
        return Staff.withSession(app.get(), "helpdesk:hanna", Role.HELPDESK);
    }

    /**
     * On the compliance page, the helpdesk presses "refresh" while IAM answers GenerateCredentialReport with this
     * error {@code times} in a row (the SDK retries a server error); returns the answer.
     */
    private Page refreshWhileIamFails(Browser browser, int times, int status, String code, String message) {
        browser.get("/helpdesk/accounts/123456789012/compliance");
        simulator.failNext("GenerateCredentialReport", times, status, code, message);
        return browser.post("/helpdesk/accounts/123456789012/compliance/refresh", Map.of());
    }

    private static List<String> listedUsers(String html) {
        return USER_ROW.matcher(html).results().map(row -> row.group(2)).toList();
    }

    @Nested
    class ThePage {

        @Test
        void showsWhenAwsGeneratedTheReportTheCountsThePercentageAndTheRootUser() {

            Page page = helpdesk().get("/helpdesk/accounts/123456789012/compliance");

            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("AWS generated this report at Nov 23, 2026")
                    .contains("<dd id=\"count-noncompliant\">3</dd>")
                    .contains("<dd id=\"count-mfa\">2</dd>")
                    .contains("<dd id=\"count-nopassword\">1</dd>")
                    .contains("<dd id=\"count-with-password\">4</dd>")
                    .contains("<dd id=\"count-users\">6</dd>")
                    // carol of alice, bob, carol and +plus@x; erin has MFA but no password and does not count.
                    .contains("25.0% compliant")
                    .contains("divided by all users with a console password")
                    .contains("<dd id=\"root-mfa\">No MFA.");
        }

        @Test
        void listsTheThreeCategoriesEachUserLinkingToTheirPage() {

            Page page = helpdesk().get("/helpdesk/accounts/123456789012/compliance");

            assertThat(page.body()).contains("<caption class=\"visually-hidden\">Console password, no MFA</caption>")
                    .contains("<caption class=\"visually-hidden\">MFA active</caption>")
                    .contains("<caption class=\"visually-hidden\">No console password</caption>")
                    .contains("<th scope=\"row\"><a href=\"/helpdesk/accounts/123456789012/users/alice\">alice</a></th>")
                    .contains("<a href=\"/helpdesk/accounts/123456789012/users/%2Bplus%40x\">+plus@x</a>");
            assertThat(listedUsers(page.body()))
                    .containsExactly("+plus@x", "alice", "bob", "carol", "erin", "dave");
        }

        @Test
        void showsOneCategoryOnRequest() {

            Page page = helpdesk().get("/helpdesk/accounts/123456789012/compliance?show=noncompliant");

            assertThat(listedUsers(page.body())).containsExactly("+plus@x", "alice", "bob");
            assertThat(page.body()).contains("<option value=\"noncompliant\" selected>");
        }

        @Test
        void searchesUserNamesIgnoringCase() {

            Page page = helpdesk().get("/helpdesk/accounts/123456789012/compliance?show=all&q=AL");

            assertThat(listedUsers(page.body())).containsExactly("alice");
            assertThat(page.body()).contains("Only users whose name contains “al”.")
                    .contains("value=\"al\"");
        }

        @Test
        void escapesTheSearchText() {

            Page page = helpdesk().get("/helpdesk/accounts/123456789012/compliance?q=%3Cscript%3Ealert(1)%3C/script%3E");

            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).doesNotContain("<script>alert(1)").contains("&lt;script&gt;");
            assertThat(listedUsers(page.body())).isEmpty();
        }

        @Test
        void keepsTheFilterInTheExportLinkAndTheRefreshForm() {

            Page page = helpdesk().get("/helpdesk/accounts/123456789012/compliance?show=mfa&q=car");

            assertThat(page.body()).contains("href=\"/helpdesk/accounts/123456789012/compliance.csv?show=mfa&amp;q=car\"")
                    .contains("<input type=\"hidden\" name=\"show\" value=\"mfa\">")
                    .contains("<input type=\"hidden\" name=\"q\" value=\"car\">");
        }

        @Test
        void isLinkedFromTheHelpdeskConsole() {

            Page page = helpdesk().get("/helpdesk");
            Page old = helpdesk().get("/helpdesk/compliance");

            // The demo is an organization of three accounts: the console links its organization view.
            assertThat(page.body()).contains("<a href=\"/helpdesk/compliance\">", "/helpdesk/organization");
            assertThat(old.status()).isEqualTo(303);
            assertThat(old.location()).isEqualTo("/helpdesk/accounts/123456789012/compliance");
        }
    }

    @Nested
    class TheExport {

        @Test
        void isAnAttachmentWithTheSameFilterAndNoFormulas() {

            Page csv = helpdesk().get("/helpdesk/accounts/123456789012/compliance.csv?show=noncompliant");

            assertThat(csv.status()).isEqualTo(200);
            assertThat(csv.header("Content-Type")).startsWith("text/csv");
            assertThat(csv.header("Content-Disposition"))
                    .isEqualTo("attachment; filename=\"mfa-compliance-123456789012-noncompliant-20261123-1000Z.csv\"");
            assertThat(csv.body()).isEqualTo("""
                    account_id,account_alias,user,arn,category,password_enabled,mfa_active,password_last_used
                    123456789012,demo-corp,'+plus@x,arn:aws:iam::123456789012:user/+plus@x,NON_COMPLIANT,true,false,
                    123456789012,demo-corp,alice,arn:aws:iam::123456789012:user/alice,NON_COMPLIANT,true,false,
                    123456789012,demo-corp,bob,arn:aws:iam::123456789012:user/bob,NON_COMPLIANT,true,false,
                    """);
        }

        @Test
        void searchesToo() {

            Page csv = helpdesk().get("/helpdesk/accounts/123456789012/compliance.csv?q=dav");

            assertThat(csv.body().lines()).containsExactly(ComplianceCsv.ACCOUNTS_HEADER,
                    "123456789012,demo-corp,dave,arn:aws:iam::123456789012:user/dave,NO_CONSOLE_PASSWORD,false,false,");
        }
    }

    @Nested
    class Refresh {

        @Test
        void asksIamAgainAndComesBackToTheSameViewWithANote() {
            Browser browser = helpdesk();
            browser.get("/helpdesk/accounts/123456789012/compliance?show=noncompliant&q=al");
            int generates = simulator.requestCount("GenerateCredentialReport");

            Page posted = browser.post("/helpdesk/accounts/123456789012/compliance/refresh", Map.of("show", "noncompliant", "q", "al"));
            Page after = browser.get(posted.location());

            assertThat(posted.status()).isEqualTo(303);
            assertThat(posted.location()).isEqualTo("/helpdesk/accounts/123456789012/compliance?show=noncompliant&q=al");
            assertThat(simulator.requestCount("GenerateCredentialReport")).isEqualTo(generates + 1);
            assertThat(after.body()).contains("Asked AWS for the credential report again.");
            assertThat(listedUsers(after.body())).containsExactly("alice");
        }

        @Test
        void needsTheFormsCsrfToken() {
            Browser browser = helpdesk();
            int generates = simulator.requestCount("GenerateCredentialReport");

            Page posted = browser.postRaw("/helpdesk/accounts/123456789012/compliance/refresh", Map.of("csrf", "forged"), Map.of());

            assertThat(posted.status()).isEqualTo(403);
            assertThat(simulator.requestCount("GenerateCredentialReport")).isEqualTo(generates);
        }

        @Test
        void explainsIamBeingDownWithoutDetailsAndKeepsTheLastReport() {
            Browser browser = helpdesk();

            Page failed = refreshWhileIamFails(browser, 3, 500, "ServiceFailure", "internal detail 42");
            Page again = browser.get("/helpdesk/accounts/123456789012/compliance");

            assertThat(failed.status()).isEqualTo(503);
            assertThat(failed.header("Retry-After")).isEqualTo("60");
            assertThat(failed.body()).contains("AWS is busy or can’t be reached right now")
                    .containsPattern("Reference: R-[A-Z2-9]{8}")
                    .doesNotContain("internal detail 42").doesNotContain("Exception").doesNotContain("at io.github");
            assertThat(again.status()).isEqualTo(200);
            assertThat(listedUsers(again.body())).contains("alice");
        }

        @Test
        void explainsWhichPermissionIsMissingWhenIamRefuses() {
            Page failed = refreshWhileIamFails(helpdesk(), 1, 403, "AccessDenied", "User is not authorized");

            assertThat(failed.status()).isEqualTo(502);
            assertThat(failed.body()).contains("iam:GenerateCredentialReport and iam:GetCredentialReport")
                    .doesNotContain("User is not authorized").doesNotContain("Exception");
        }
    }

    @Nested
    class Access {

        @Test
        void anEmployeeMayNotSeeOrExportOrRefresh() {
            Browser employee = Staff.withSession(app.get(), "link:alice", Role.EMPLOYEE, "alice");

            Page page = employee.get("/helpdesk/accounts/123456789012/compliance");
            Page csv = employee.get("/helpdesk/accounts/123456789012/compliance.csv");

            assertThat(page.status()).isEqualTo(403);
            assertThat(csv.status()).isEqualTo(403);
            assertThat(csv.body()).doesNotContain("arn:aws:iam");
        }

        @Test
        void withoutASessionNobodyGetsTheExport() {

            Page csv = app.browser().get("/helpdesk/accounts/123456789012/compliance.csv");

            assertThat(csv.status()).isEqualTo(401);
            assertThat(csv.body()).doesNotContain("arn:aws:iam");
        }

        @Test
        void anAdministratorMaySeeIt() {

            Page page = Staff.withSession(app.get(), "helpdesk:adam", Role.ADMIN).get("/helpdesk/accounts/123456789012/compliance");

            assertThat(page.status()).isEqualTo(200);
        }
    }
}
