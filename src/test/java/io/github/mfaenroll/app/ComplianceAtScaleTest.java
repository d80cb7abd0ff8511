package io.github.mfaenroll.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mfaenroll.iam.CredentialReportContent;
import io.github.mfaenroll.iam.simulator.IamSimulator;
import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Staff;
import io.github.mfaenroll.testing.TestAppExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue's "done when": against the simulator with 2,000 users, the compliance page, its CSV export, {@code report}
 * and {@code report --json} list exactly the users with a console password and no MFA, and their counts match the
 * CSV IAM hands out. The expected users come from how the account was seeded; the expected counts from IAM's CSV,
 * read here independently of the app's parser.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComplianceAtScaleTest {

    private static final Pattern USER_ROW = Pattern.compile("<th scope=\"row\"><a href=\"[^\"]*\">([^<]*)</a></th>");
    private static final Pattern NEXT = Pattern.compile("<a href=\"([^\"]*)\" rel=\"next\">");
    /** Names IAM allows that a spreadsheet or a naive CSV reader would mangle. */
    private static final List<String> AWKWARD_NAMES = List.of("=cmd", "+plus@x", "-dash", "@ops", "smith,john");

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo();
    private Browser helpdesk;
    private final Set<String> nonCompliant = new HashSet<>(Set.of("alice", "bob"));
    private final Set<String> allUsers = new HashSet<>(Set.of("alice", "bob", "carol", "dave"));
    private Map<String, Integer> countsFromIam;

    @BeforeAll
    void seedTwoThousandUsers() {
        IamSimulator simulator = app.simulator();
        for (int i = 0; i < 2_000; i++) {
            String name = String.format("user-%04d", i);
            // A known mix: every 3rd has no console password, every 5th has MFA (some of those without a password).
            boolean password = i % 3 != 0;
            boolean mfa = i % 5 == 0;
            simulator.addUser(name, password, Map.of());
            if (mfa) {
                simulator.addAssignedVirtualDevice(name, name + "-phone");
            }
            if (password && !mfa) {
                nonCompliant.add(name);
            }
            allUsers.add(name);
        }
        for (String name : AWKWARD_NAMES) {
            simulator.addUser(name, true, Map.of());
            nonCompliant.add(name);
            allUsers.add(name);
        }
        helpdesk = Staff.withSession(app.get(), "helpdesk:hanna", Role.HELPDESK);
        // The first view makes IAM generate the report; IAM's own CSV is then read as it is.
        assertThat(helpdesk.get("/helpdesk/accounts/123456789012/compliance").status()).isEqualTo(200);
        countsFromIam = countsIn(app.components().iam().getCredentialReport().map(CredentialReportContent::csv)
                .orElseThrow());
    }

    @Test
    void theSeededAccountIsWhatIamReports() {

        assertThat(countsFromIam.get("users")).isEqualTo(allUsers.size()).isEqualTo(2_009);
        assertThat(countsFromIam.get("nonCompliant")).isEqualTo(nonCompliant.size());
    }

    @Test
    void thePageListsExactlyTheUsersWithAConsolePasswordAndNoMfa() {

        Page page = helpdesk.get("/helpdesk/accounts/123456789012/compliance?show=noncompliant");

        // The list is paged: follow "next" to its end, as a person (or a screen reader) would.
        List<String> listed = new ArrayList<>(usersOn(page));
        Page next = page;
        for (Matcher link = NEXT.matcher(next.body()); link.find(); link = NEXT.matcher(next.body())) {
            next = helpdesk.get(link.group(1).replace("&amp;", "&"));
            listed.addAll(usersOn(next));
        }
        assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(nonCompliant);
        assertThat(page.body())
                .contains("<dd id=\"count-noncompliant\">" + countsFromIam.get("nonCompliant") + "</dd>")
                .contains("<dd id=\"count-mfa\">" + countsFromIam.get("withMfa") + "</dd>")
                .contains("<dd id=\"count-nopassword\">" + countsFromIam.get("noPassword") + "</dd>")
                .contains("<dd id=\"count-users\">" + countsFromIam.get("users") + "</dd>");
    }

    @Test
    void theExportListsExactlyThemToo() {

        Page csv = helpdesk.get("/helpdesk/accounts/123456789012/compliance.csv?show=noncompliant");

        assertThat(userColumn(csv.body())).containsExactlyInAnyOrderElementsOf(asExported(nonCompliant));
    }

    @Test
    void reportPrintsThemAsCsvAndJsonWithTheSameCounts(@TempDir Path cliDataDir) throws IOException {
        Map<String, String> env = Map.of("MFA_DATA_DIR", cliDataDir.toString(),
                "MFA_IAM_ENDPOINT", app.simulator().endpoint().toString());

        CommandRun csv = ReportCommandTest.withLocalCredentials(() -> CommandRun.run(env, "report"));
        CommandRun json = ReportCommandTest.withLocalCredentials(() -> CommandRun.run(env, "report", "--json"));

        assertThat(csv.exitCode()).isZero();
        List<String> rows = csv.out().lines().skip(1).toList();
        assertThat(rows).hasSize(countsFromIam.get("users"));
        assertThat(rows.stream().filter(line -> line.contains(",NON_COMPLIANT,")).map(ComplianceAtScaleTest::cells)
                .map(cells -> cells.get(2)).toList())
                .containsExactlyInAnyOrderElementsOf(asExported(nonCompliant));
        JsonNode report = new ObjectMapper().readTree(json.out()).get("accounts").get(0).get("report");
        List<String> jsonNonCompliant = new ArrayList<>();
        report.get("users").forEach(u -> {
            if (u.get("category").asText().equals("NON_COMPLIANT")) {
                jsonNonCompliant.add(u.get("user").asText());
            }
        });
        assertThat(jsonNonCompliant).containsExactlyInAnyOrderElementsOf(nonCompliant);
        assertThat(report.get("counts").get("users").asInt()).isEqualTo(countsFromIam.get("users"));
        assertThat(report.get("counts").get("nonCompliant").asInt()).isEqualTo(countsFromIam.get("nonCompliant"));
        assertThat(report.get("counts").get("compliantWithMfa").asInt()).isEqualTo(countsFromIam.get("withMfa"));
        assertThat(report.get("counts").get("noConsolePassword").asInt()).isEqualTo(countsFromIam.get("noPassword"));
        assertThat(report.get("percentCompliant").asDouble()).isEqualTo(Math.floor(1000.0
                * countsFromIam.get("withPasswordAndMfa") / countsFromIam.get("withPassword")) / 10.0);
    }

    private static List<String> usersOn(Page page) {
        List<String> listed = new ArrayList<>();
        Matcher row = USER_ROW.matcher(page.body());
        while (row.find()) {
            listed.add(row.group(1));
        }
        return listed;
    }

    /** Counts straight from IAM's CSV: columns by header name, the root row left out. */
    private static Map<String, Integer> countsIn(String csv) {
        List<String> lines = csv.lines().filter(line -> !line.isBlank()).toList();
        List<String> header = cells(lines.get(0));
        int user = header.indexOf("user");
        int password = header.indexOf("password_enabled");
        int mfa = header.indexOf("mfa_active");
        int users = 0;
        int nonCompliant = 0;
        int withMfa = 0;
        int noPassword = 0;
        int withPassword = 0;
        int withPasswordAndMfa = 0;
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = cells(line);
            if (cells.get(user).equals("<root_account>")) {
                continue;
            }
            boolean hasPassword = cells.get(password).equals("true");
            boolean hasMfa = cells.get(mfa).equals("true");
            users++;
            nonCompliant += hasPassword && !hasMfa ? 1 : 0;
            withMfa += hasMfa ? 1 : 0;
            noPassword += !hasPassword && !hasMfa ? 1 : 0;
            withPassword += hasPassword ? 1 : 0;
            withPasswordAndMfa += hasPassword && hasMfa ? 1 : 0;
        }
        return Map.of("users", users, "nonCompliant", nonCompliant, "withMfa", withMfa, "noPassword", noPassword,
                "withPassword", withPassword, "withPasswordAndMfa", withPasswordAndMfa);
    }

    /** One CSV line's cells: split on commas outside quotes, then unquoted (no line breaks in these names). */
    private static List<String> cells(String line) {
        return Arrays.stream(line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1))
                .map(cell -> cell.startsWith("\"") ? cell.substring(1, cell.length() - 1).replace("\"\"", "\"") : cell)
                .toList();
    }

    private static List<String> userColumn(String csv) {
        return csv.lines().skip(1).map(line -> cells(line).get(2)).toList();
    }

    /** What the export writes for a name: a leading ' before = + - @ (no formulas in spreadsheets). */
    private static List<String> asExported(Set<String> names) {
        return names.stream().map(name -> "=+-@".indexOf(name.charAt(0)) >= 0 ? "'" + name : name).toList();
    }
}
