package io.github.mfaenroll.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.enrollment.CreatedDeviceStore.CreatedDevice;
import io.github.mfaenroll.enrollment.CreatedDeviceStore;
import io.github.mfaenroll.enrollment.DeviceProvisioner;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.simulator.DemoOrganization;
import io.github.mfaenroll.iam.simulator.IamSimulator;
import io.github.mfaenroll.iam.simulator.SimulatorAccount;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.HttpWizard;
import io.github.mfaenroll.testing.MutableClock;
import io.github.mfaenroll.testing.Secrets;
import io.github.mfaenroll.testing.Staff;
import io.github.mfaenroll.testing.TestApp;
import io.github.mfaenroll.testing.TestAppExtension;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The demo organization end to end, through the real SDK clients (IAM, STS, the Organizations client) against the
 * simulator: a link for a member account's user enrolls that user there and nowhere else; the helpdesk acts in a
 * member account; the organization view adds the accounts up; an account whose role cannot be assumed is shown as
 * unreachable while the others go on working.
 */
class OrganizationFlowsTest {

    private static final String CORP = DemoOrganization.MANAGEMENT_ID;
    private static final String DEV = DemoOrganization.DEV_ID;
    private static final String PROD = DemoOrganization.PROD_ID;

    @RegisterExtension
    final TestAppExtension app = TestAppExtension.demo().freshForEachTest();

    private SimulatorAccount account(String id) {
        return app.simulator().account(id);
    }

    private URI linkFor(String account, String user) {
        URI url = app.components().links().issue(AccountUser.of(account, user), null, "test").url();
        Secrets.register(url.getPath().substring(url.getPath().lastIndexOf('/') + 1));
        return url;
    }

    @Nested
    class ALinkForAMemberAccountsUser {

        @Test
        void enrollsThatUserInThatAccountOnly() {
            Browser alice = app.signedInWith(linkFor(DEV, "alice"));

            HttpWizard.enroll(alice, app.clock());

            assertThat(account(DEV).assignedSerials("alice")).singleElement().asString()
                    .startsWith("arn:aws:iam::" + DEV + ":mfa/alice-");
            assertThat(account(CORP).assignedSerials("alice")).as("alice in demo-corp is another user").isEmpty();
        }

        @Test
        void namesTheAccountInTheAuthenticatorEntry() {
            Browser inDev = app.signedInWith(linkFor(DEV, "alice"));
            Browser inCorp = app.signedInWith(linkFor(CORP, "bob"));

            Page devScan = scanPage(inDev);
            Page corpScan = scanPage(inCorp);

            // Issuer "AWS <alias>": two entries on one phone say which account each is for.
            assertThat(devScan.body()).contains("otpauth://totp/AWS%20demo-dev:alice?", "issuer=AWS%20demo-dev");
            assertThat(corpScan.body()).contains("otpauth://totp/AWS%20demo-corp:bob?", "issuer=AWS%20demo-corp");
        }

        private Page scanPage(Browser person) {
            HttpWizard.pressStart(person);
            return person.get("/enroll/scan");
        }
    }

    @Nested
    class TheHelpdesk {

        @Test
        void resetsADeviceInAMemberAccount() {
            String serial = account(PROD).assignedSerials(DemoOrganization.PROD_USER_WITH_MFA).get(0);
            String page = "/helpdesk/accounts/" + PROD + "/users/" + DemoOrganization.PROD_USER_WITH_MFA;
            Browser staff = Staff.helpdesk(app.get(), "hanna");
            staff.get(page);

            Page reset = staff.post(page + "/devices/reset",
                    Map.of("serial", serial, "reason", "lost phone", "confirm", "yes"));

            assertThat(reset.status()).isEqualTo(303);
            assertThat(account(PROD).assignedSerials(DemoOrganization.PROD_USER_WITH_MFA)).isEmpty();
            assertThat(account(PROD).virtualDeviceExists(serial)).as("not the app's device: deactivated only").isTrue();
            assertThat(account(CORP).assignedSerials("carol")).as("demo-corp untouched").hasSize(1);
        }

        @Test
        void findsAUserByNameInEveryAccount() {
            Browser staff = Staff.helpdesk(app.get(), "hanna");

            Page several = staff.get("/helpdesk/lookup?name=alice");
            Page one = staff.get("/helpdesk/lookup?name=" + DemoOrganization.PROD_USER_WITHOUT_MFA);

            assertThat(several.status()).isEqualTo(200);
            assertThat(several.body()).contains("/helpdesk/accounts/" + CORP + "/users/alice",
                    "/helpdesk/accounts/" + DEV + "/users/alice", "demo-dev");
            assertThat(one.status()).isEqualTo(303);
            assertThat(one.location()).isEqualTo("/helpdesk/accounts/" + PROD + "/users/"
                    + DemoOrganization.PROD_USER_WITHOUT_MFA);
        }

        @Test
        void seesEveryAccountsFiguresInTheOrganizationView() {
            Browser staff = Staff.helpdesk(app.get(), "hanna");

            Page view = staff.get("/helpdesk/organization");

            assertThat(view.status()).isEqualTo(200);
            assertThat(view.body()).contains("demo-corp", CORP, "demo-dev", DEV, "demo-prod", PROD);
            // demo-corp: 3 with a console password, 1 with MFA; demo-dev: 3 and 1; demo-prod: 2 and 1.
            assertThat(view.body()).contains("33", "50");
        }

        @Test
        void setsADeadlineForEveryoneWithoutMfaInOneAccountOrTheWholeOrganization() {
            Browser staff = Staff.helpdesk(app.get(), "hanna");
            staff.get("/helpdesk/enforcement");

            Page inDev = staff.post("/helpdesk/deadlines/everyone", Map.of("scope", DEV, "enrollBy", "2027-01-15"));
            List<AccountUser> afterDev = deadlineHolders();
            Page everywhere = staff.post("/helpdesk/deadlines/everyone", Map.of("scope", "all", "enrollBy", "2027-02-01"));
            Page page = staff.get("/helpdesk/enforcement");

            assertThat(inDev.status()).isEqualTo(303);
            assertThat(afterDev).containsExactlyInAnyOrder(AccountUser.of(DEV, "alice"), AccountUser.of(DEV, "erin"));
            assertThat(everywhere.status()).isEqualTo(303);
            assertThat(deadlineHolders()).containsExactlyInAnyOrder(AccountUser.of(CORP, "alice"),
                    AccountUser.of(CORP, "bob"), AccountUser.of(DEV, "alice"), AccountUser.of(DEV, "erin"),
                    AccountUser.of(PROD, "grace"));
            assertThat(page.body()).contains("Deadline set for 5 users without MFA.");
        }

        private List<AccountUser> deadlineHolders() {
            return app.components().deadlineStore().all().stream().map(d -> d.iamUser()).toList();
        }

        @Test
        void countsEachAccountsIamCallsUnderItsOwnLabel() {
            Browser staff = Staff.helpdesk(app.get(), "hanna");
            staff.get("/helpdesk/accounts/" + DEV + "/users/erin");
            staff.get("/helpdesk/accounts/" + PROD + "/users/grace");

            String metrics = app.browser().get("/metrics").body();

            assertThat(metrics).contains("account=\"" + DEV + "\"", "account=\"" + PROD + "\"");
        }

    }

    /** The member role of demo-prod cannot be assumed (a StackSet not deployed there yet, say). */
    @Nested
    class AnAccountWhoseRoleCannotBeAssumed {

        @Test
        void isShownAsUnreachableWithAwsReasonWhileTheOthersWork() {
            MutableClock clock = new MutableClock(TestApp.START);
            try (IamSimulator organization = new IamSimulator(clock, CORP).start()) {
                DemoOrganization.seed(organization);
                organization.account(PROD).denyAssumeRole(true);
                try (TestApp app = TestApp.instanceSharing(organization, clock, Map.of("MFA_ACCOUNTS", "organization"))) {
                    Browser staff = Staff.helpdesk(app, "hanna");

                    Page view = staff.get("/helpdesk/organization");
                    Page devUser = staff.get("/helpdesk/accounts/" + DEV + "/users/erin");
                    Page prodUser = staff.get("/helpdesk/accounts/" + PROD + "/users/grace");
                    Browser erin = app.signedInWith(app.components().links().issue(AccountUser.of(DEV, "erin"), null,
                            "test").url());
                    HttpWizard.enroll(erin, clock);

                    assertThat(view.status()).isEqualTo(200);
                    assertThat(view.body()).contains("demo-prod", "AccessDenied", "sts:AssumeRole");
                    assertThat(devUser.status()).isEqualTo(200);
                    assertThat(prodUser.status()).as("a page about the unreachable account says so").isEqualTo(502);
                    assertThat(organization.account(DEV).assignedSerials("erin")).hasSize(1);
                }
            }
        }
    }

    @Nested
    class TheSweeper {

        @Test
        void leavesADeviceOfAnAccountNoLongerServedForLaterAndCleansUpTheOthers() {
            CreatedDeviceStore ledger = new CreatedDeviceStore(app.components().database().jdbi(), app.clock());
            DeviceProvisioner provisioner = new DeviceProvisioner(app.components().accounts(), ledger,
                    app.components().audit(), new SecureRandom());
            // An account dropped from the organization, then one of the own account's (already gone from IAM).
            ledger.recordIntent("zed-abc12345", "arn:aws:iam::999999999999:mfa/zed-abc12345",
                    AccountUser.of("999999999999", "zed"), "e-gone");
            app.clock().advance(Duration.ofSeconds(1));
            ledger.recordIntent("bob-abc12345", "arn:aws:iam::" + CORP + ":mfa/bob-abc12345",
                    AccountUser.of(CORP, "bob"), "e-old");
            app.clock().advance(Duration.ofHours(1));

            int deleted = provisioner.sweepLeftovers(app.clock().instant(), enrollment -> false);

            assertThat(deleted).as("the own account's leftover, after the other account's").isEqualTo(1);
            assertThat(ledger.unfinishedBefore(app.clock().instant())).extracting(CreatedDevice::deviceName)
                    .containsExactly("zed-abc12345");
        }
    }

    @Nested
    class TheDemo {

        @Test
        void printsALinkForEveryUserWithoutMfaInEveryAccountNamingTheMemberAccounts() {
            List<String> lines = DemoLinks.issueForUsersWithoutMfa(app.components()).stream()
                    .map(link -> DemoLinks.line(app.components().accounts(), link)).toList();

            assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("demo link for alice: http"))
                    .anySatisfy(line -> assertThat(line).startsWith("demo link for alice in demo-dev: http"))
                    .anySatisfy(line -> assertThat(line).startsWith("demo link for erin in demo-dev: http"))
                    .anySatisfy(line -> assertThat(line).startsWith("demo link for grace in demo-prod: http"))
                    .noneSatisfy(line -> assertThat(line).contains("heidi"));
        }
    }
}
