package io.github.mfaenroll.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mfaenroll.iam.simulator.IamSimulator.SeedUser;
import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Staff;
import io.github.mfaenroll.testing.TestAppExtension;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The compliance view of an account with 5,000 IAM users: each list shows one page (server-side, plain links), the
 * navigation is a labelled {@code nav} that marks the current page, filters and paging combine, and the exports still
 * hold every user the filter lets through.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompliancePagingTest {

    private static final Pattern USER_ROW = Pattern.compile("<th scope=\"row\"><a href=\"[^\"]*\">([^<]*)</a></th>");
    private static final Pattern NEXT = Pattern.compile("<a href=\"([^\"]*)\" rel=\"next\">");
    private static final Pattern PREVIOUS = Pattern.compile("<a href=\"([^\"]*)\" rel=\"prev\">");
    private static final int USERS = 5_000;

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo();
    private final List<String> nonCompliant = new ArrayList<>(List.of("alice", "bob"));
    private Browser helpdesk;

    @BeforeAll
    void seedFiveThousandUsers() {
        List<SeedUser> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            String name = String.format("user-%04d", i);
            // Every 3rd without a console password, every 5th with MFA: 2,667 with a password and no MFA (and the demo's
            // alice and bob).
            users.add(new SeedUser(name, i % 3 != 0, Map.of("email", name + "@example.com"),
                    i % 5 == 0 ? name + "-phone" : null));
            if (i % 3 != 0 && i % 5 != 0) {
                nonCompliant.add(name);
            }
        }
        app.simulator().addUsers(users);
        helpdesk = Staff.withSession(app.get(), "helpdesk:hanna", Role.HELPDESK);
    }

    private static List<String> usersOn(Page page) {
        return USER_ROW.matcher(page.body()).results().map(row -> row.group(1)).toList();
    }

    private static String link(Pattern pattern, Page page) {
        Matcher link = pattern.matcher(page.body());
        return link.find() ? link.group(1).replace("&amp;", "&") : null;
    }

    @Nested
    class OneList {

        @Test
        void showsItsFirstHundredUsersAndSaysHowManyThereAre() {

            Page page = helpdesk.get("/helpdesk/accounts/123456789012/compliance?show=noncompliant");

            assertThat(page.status()).isEqualTo(200);
            assertThat(usersOn(page)).hasSize(100).containsExactlyElementsOf(nonCompliant.subList(0, 100));
            assertThat(page.body()).contains("2,669 users in this list. Users 1–100 shown here: page 1 of the list.")
                    .contains("<dd id=\"count-noncompliant\">2669</dd>");
        }

        @Test
        void hasALabelledNavigationThatMarksTheCurrentPage() {

            Page page = helpdesk.get("/helpdesk/accounts/123456789012/compliance?show=noncompliant&page=3");

            assertThat(page.body()).contains("<nav class=\"pager\" aria-label=\"Pages of this list\">")
                    .contains("<a href=\"/helpdesk/accounts/123456789012/compliance?show=noncompliant&amp;page=3\" aria-current=\"page\">"
                            + "<span class=\"visually-hidden\">Page </span>3</a>")
                    .contains("<a href=\"/helpdesk/accounts/123456789012/compliance?show=noncompliant&amp;page=27\">")
                    .containsOnlyOnce("aria-current=\"page\"");
            assertThat(link(PREVIOUS, page)).isEqualTo("/helpdesk/accounts/123456789012/compliance?show=noncompliant&page=2");
            assertThat(link(NEXT, page)).isEqualTo("/helpdesk/accounts/123456789012/compliance?show=noncompliant&page=4");
        }

        @Test
        void nextAndPreviousWalkTheWholeListOnce() {
            List<String> listed = new ArrayList<>();
            Page page = helpdesk.get("/helpdesk/accounts/123456789012/compliance?show=noncompliant");
            listed.addAll(usersOn(page));

            for (String next = link(NEXT, page); next != null; next = link(NEXT, page)) {
                page = helpdesk.get(next);
                listed.addAll(usersOn(page));
            }

            assertThat(listed).containsExactlyElementsOf(nonCompliant);
            assertThat(page.body()).contains("Users 2,601–2,669 shown here: page 27 of the list.");
            assertThat(usersOn(helpdesk.get(link(PREVIOUS, page)))).isEqualTo(nonCompliant.subList(2500, 2600));
        }

        @Test
        void combinesWithTheSearchAndAPageSizeAndKeepsBothInItsLinks() {

            Page page = helpdesk.get("/helpdesk/accounts/123456789012/compliance?show=noncompliant&q=user-0&per=10&page=2");

            List<String> matching = nonCompliant.stream().filter(name -> name.contains("user-0")).toList();
            assertThat(usersOn(page)).containsExactlyElementsOf(matching.subList(10, 20));
            assertThat(link(NEXT, page)).isEqualTo("/helpdesk/accounts/123456789012/compliance?show=noncompliant&q=user-0&per=10&page=3");
            assertThat(link(PREVIOUS, page)).isEqualTo("/helpdesk/accounts/123456789012/compliance?show=noncompliant&q=user-0&per=10&page=1");
            assertThat(page.body()).contains(matching.size() + " users in this list.");
            assertThat(page.body()).contains("<input type=\"hidden\" name=\"per\" value=\"10\">");
        }

        @Test
        void aPagePastTheEndShowsTheLastAndAnUnreadableOneTheFirst() {

            Page past = helpdesk.get("/helpdesk/accounts/123456789012/compliance?show=noncompliant&page=999");
            Page unreadable = helpdesk.get("/helpdesk/accounts/123456789012/compliance?show=noncompliant&page=two&per=-5");

            assertThat(usersOn(past)).containsExactlyElementsOf(nonCompliant.subList(2600, 2669));
            assertThat(link(NEXT, past)).isNull();
            assertThat(usersOn(unreadable)).containsExactlyElementsOf(nonCompliant.subList(0, 100));
            assertThat(link(PREVIOUS, unreadable)).isNull();
        }

        @Test
        void aListThatFitsOnOnePageHasNoNavigation() {

            Page page = helpdesk.get("/helpdesk/accounts/123456789012/compliance?show=noncompliant&q=user-004");

            assertThat(usersOn(page)).isNotEmpty().allMatch(name -> name.contains("user-004"));
            assertThat(page.body()).doesNotContain("<nav class=\"pager\"").doesNotContain("shown here");
        }
    }

    @Nested
    class AllLists {

        @Test
        void showEachListsFirstPageAndLinkToTheListOnItsOwn() {

            Page page = helpdesk.get("/helpdesk/accounts/123456789012/compliance");

            // 2,669 without MFA, 1,000 with MFA, 1,333 + dave without a console password: a page of each.
            assertThat(usersOn(page)).hasSize(300);
            assertThat(page.body())
                    .contains("<a href=\"/helpdesk/accounts/123456789012/compliance?show=noncompliant\">All 2,669 users in this list, "
                            + "page by page</a>")
                    .contains("<a href=\"/helpdesk/accounts/123456789012/compliance?show=mfa\">")
                    .contains("<a href=\"/helpdesk/accounts/123456789012/compliance?show=nopassword\">")
                    .doesNotContain("<nav class=\"pager\"");
        }
    }

    @Nested
    class TheExports {

        @Test
        void theCsvHoldsEveryUserTheFilterLetsThroughWhateverThePage() {

            Page csv = helpdesk.get("/helpdesk/accounts/123456789012/compliance.csv?show=noncompliant&page=3");

            assertThat(csv.status()).isEqualTo(200);
            List<String> lines = csv.body().lines().toList();
            assertThat(lines.get(0)).isEqualTo(ComplianceCsv.ACCOUNTS_HEADER);
            assertThat(lines.stream().skip(1).map(line -> line.split(",")[2]))
                    .containsExactlyElementsOf(nonCompliant);
        }

        @Test
        void theJsonIsReportsShapeWithEveryUser() throws IOException {

            Page json = helpdesk.get("/helpdesk/accounts/123456789012/compliance.json?show=all");

            assertThat(json.status()).isEqualTo(200);
            assertThat(json.response().headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            assertThat(json.response().headers().firstValue("Cache-Control")).hasValue("no-store");
            JsonNode report = new ObjectMapper().readTree(json.body()).get("accounts").get(0).get("report");
            assertThat(report.get("users")).hasSize(USERS + 4);
            assertThat(report.get("counts").get("users").asInt()).isEqualTo(USERS + 4);
            assertThat(report.get("counts").get("nonCompliant").asInt()).isEqualTo(nonCompliant.size());
            List<String> fields = new ArrayList<>();
            report.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("generatedAt", "counts", "percentCompliant", "rootMfaActive", "users");
        }
    }
}
