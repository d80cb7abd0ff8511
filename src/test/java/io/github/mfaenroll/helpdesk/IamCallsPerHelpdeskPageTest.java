package io.github.mfaenroll.helpdesk;

import static io.github.mfaenroll.testing.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.simulator.IamSimulator.SeedUser;
import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.IamCalls;
import io.github.mfaenroll.testing.Staff;
import io.github.mfaenroll.testing.TestAppExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * IAM calls each page of the helpdesk console costs a staff member's view, counted by the simulator. IAM's allowance
 * is shared by everything in the account, and the lists hold thousands of users, so the counts are a budget: a page
 * that starts asking IAM per listed user (or twice for the same thing) fails here. The README's table is this test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IamCallsPerHelpdeskPageTest {

    /** The demo's users (alice, bob: password, no MFA; carol: password, virtual device; dave: neither), then ours. */
    private static final List<SeedUser> SEEDED = new ArrayList<>(List.of(
            new SeedUser("alice", true, Map.of(), null), new SeedUser("bob", true, Map.of(), null),
            new SeedUser("carol", true, Map.of(), "carol-phone"), new SeedUser("dave", false, Map.of(), null)));

    @RegisterExtension
    // The bulk scan makes a few hundred calls: at the default 10 a second it would take most of a minute.
    static final TestAppExtension app = TestAppExtension.withEnv(Map.of("MFA_IAM_MAX_CALLS_PER_SECOND", "1000"));

    @BeforeAll
    void aConsoleWithSomeUsersAndAReport() {
        seed(users("early", 300));
        // The first view fetches the credential report; every other view reads it from memory.
        assertThat(staff().get("/helpdesk/accounts/123456789012/compliance").status()).isEqualTo(200);
    }

    /** A new session each time: one test moves the clock past any session's idle timeout. */
    private static Browser staff() {
        return Staff.withSession(app.get(), "helpdesk:hanna", Role.HELPDESK);
    }

    /** Every 3rd without a console password, every 5th with a virtual MFA device. */
    private static List<SeedUser> users(String prefix, int count) {
        List<SeedUser> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = prefix + "-" + i;
            users.add(new SeedUser(name, i % 3 != 0, Map.of("email", name + "@example.com"),
                    i % 5 == 0 ? name + "-phone" : null));
        }
        return users;
    }

    private static void seed(List<SeedUser> users) {
        app.simulator().addUsers(users);
        SEEDED.addAll(users);
    }

    /** The calls each IAM action received while {@code view} ran; the page must have answered {@code status}. */
    private static Map<String, Integer> callsFor(int status, Supplier<Page> view) {
        return callsDuring(() -> assertThat(view.get().status()).isEqualTo(status));
    }

    private static Map<String, Integer> callsDuring(Runnable action) {
        return IamCalls.during(app.simulator(), action);
    }

    @Test
    void theConsolesListsAndExportsAskIamNothing() {
        for (String path : List.of("/helpdesk", "/helpdesk/accounts/123456789012/compliance", "/helpdesk/accounts/123456789012/compliance?show=noncompliant&page=2",
                "/helpdesk/accounts/123456789012/compliance?show=all&q=early-1", "/helpdesk/accounts/123456789012/compliance.csv", "/helpdesk/accounts/123456789012/compliance.json",
                "/helpdesk/invitations/bulk", "/helpdesk/lockouts", "/helpdesk/enforcement")) {

            Map<String, Integer> calls = callsFor(200, () -> staff().get(path));

            assertThat(calls).as(path).isEmpty();
        }
    }

    @Test
    void refreshingTheReportIsOneGenerateAndOneGetWhateverTheAccountSize() {
        Browser onThePage = staff();
        onThePage.get("/helpdesk/accounts/123456789012/compliance"); // the form's CSRF token
        Map<String, Integer> small = callsFor(303, () -> onThePage.post("/helpdesk/accounts/123456789012/compliance/refresh", Map.of()));
        // Users with MFA: the bulk scan, in another test, spends no call of its own on them.
        seed(users("late", 2_000).stream().map(u -> new SeedUser(u.userName(), true, u.tags(), u.userName() + "-phone"))
                .toList());
        // IAM makes a new report at most every four hours: past that, the next view fetches one with the new users.
        app.clock().advance(Duration.ofHours(5));

        Browser staff = staff();
        Map<String, Integer> large = callsFor(200, () -> staff.get("/helpdesk/accounts/123456789012/compliance?show=noncompliant"));
        // Five hours on, the directory lists the organization again (hourly): its upkeep, not the report's cost.
        large.keySet().removeAll(List.of("ListAccounts", "ListAccountAliases", "AssumeRole", "GetCallerIdentity"));

        assertThat(small).isEqualTo(Map.of("GenerateCredentialReport", 1, "GetCredentialReport", 1));
        // A new report: STARTED, then COMPLETE on the next poll, then one GetCredentialReport (not paginated).
        assertThat(large).isEqualTo(Map.of("GenerateCredentialReport", 2, "GetCredentialReport", 1));
        assertThat(callsFor(200, () -> staff.get("/helpdesk/accounts/123456789012/compliance.csv"))).isEmpty();
    }

    @Test
    void aUsersPageReadsTheUserWithTheirTagsTheirPasswordAndDevicesOnceEach() {

        Map<String, Integer> calls = callsFor(200, () -> staff().get("/helpdesk/accounts/123456789012/users/early-1"));

        // GetUser answers with the tags: no ListUserTags.
        assertThat(calls).isEqualTo(Map.of("GetUser", 1, "GetLoginProfile", 1, "ListMFADevices", 1));
    }

    @Test
    void sendingALinkReadsTheUserWithTheirTagsAndTheirDevicesAndMailsTheTagItRead() {
        Browser onThePage = staff();
        onThePage.get("/helpdesk/accounts/123456789012/users/early-2"); // the form's CSRF token

        Map<String, Integer> calls = callsFor(200,
                () -> onThePage.post("/helpdesk/accounts/123456789012/users/early-2/links", Map.of("confirm", "yes")));

        // The guard's GetUser brings the tags that decide who may act and where the invitation goes.
        assertThat(calls).isEqualTo(Map.of("GetUser", 1, "ListMFADevices", 1));
        assertThat(app.components().links().forUser(user("early-2"))).hasSize(1);
        assertThat(app.audited("early-2", AuditAction.MAIL_SENT)).extracting(AuditEntry::detail)
                .containsExactly("invitation to e***@example.com (log-only, SMTP not configured)");
    }

    @Test
    void sendingALinkToAUserWithoutAnEmailTagReadsNoTagsEither() {
        app.simulator().addUser("untagged", true, Map.of());
        Browser onThePage = staff();
        onThePage.get("/helpdesk/accounts/123456789012/users/untagged");

        Map<String, Integer> calls = callsFor(200,
                () -> onThePage.post("/helpdesk/accounts/123456789012/users/untagged/links", Map.of("confirm", "yes")));

        assertThat(calls).isEqualTo(Map.of("GetUser", 1, "ListMFADevices", 1));
        assertThat(app.audited("untagged", AuditAction.MAIL_FAILED)).extracting(AuditEntry::detail)
                .containsExactly("invitation not sent: no usable email address (the user has no email tag)");
    }

    @Test
    void theLookupBoxAsksEachAccountOnceAndRedirects() {

        Map<String, Integer> calls = callsFor(303, () -> staff().get("/helpdesk/lookup?name=early-2"));

        // The demo is an organization of three accounts: a name may be in any of them (one account asks nothing).
        assertThat(calls).isEqualTo(Map.of("GetUser", 3));
    }

    @Test
    void theWalkThroughAsksForTheSpellingAndTheDevicesAndEachPollForTheDevices() {

        Map<String, Integer> page = callsFor(200, () -> staff().get("/helpdesk/accounts/123456789012/users/early-4/live"));
        Map<String, Integer> poll = callsFor(200, () -> staff().get("/helpdesk/accounts/123456789012/users/early-4/progress.json"));

        assertThat(page).isEqualTo(Map.of("GetUser", 1, "ListMFADevices", 1));
        assertThat(poll).isEqualTo(Map.of("ListMFADevices", 1));
    }

    /**
     * Not a page but what "invite everyone without MFA" asks before its first invitation. It used to ask
     * GetLoginProfile of every user and ListMFADevices of every one with a password (511 calls for the 304 users
     * seeded here first, beside the pages of ListUsers); now users holding a virtual device cost no call of their own.
     */
    @Test
    void theBulkInvitationsScanAsksPerUserOnlyAboutUsersWithoutAVirtualDevice() {
        UsersWithoutMfa scanner = new UsersWithoutMfa(app.components().accounts());
        List<SeedUser> seeded = List.copyOf(SEEDED);
        List<UsersWithoutMfa.Scan> scan = new ArrayList<>();

        Map<String, Integer> calls = callsDuring(() -> scan.add(scanner.scan(app.components().accounts().own().id(), () -> { })));

        List<SeedUser> withoutDevice = seeded.stream().filter(u -> u.deviceName() == null).toList();
        List<String> toInvite = withoutDevice.stream().filter(SeedUser::consolePassword).map(SeedUser::userName)
                .toList();
        assertThat(scan.get(0).withoutMfa()).extracting(AccountUser::name).containsExactlyInAnyOrderElementsOf(toInvite)
                .contains("alice", "early-1");
        // ListUsers asks for 1000 a page (IAM's most), ListVirtualMFADevices gets IAM's default 100.
        assertThat(calls).isEqualTo(Map.of("ListUsers", (seeded.size() + 999) / 1000,
                "ListVirtualMFADevices", pages(seeded.size() - withoutDevice.size()),
                "GetLoginProfile", withoutDevice.size(), "ListMFADevices", toInvite.size()));
    }

    private static int pages(int items) {
        return (items + 99) / 100;
    }
}
