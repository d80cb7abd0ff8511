package io.github.mfaenroll.helpdesk;

import static io.github.mfaenroll.testing.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry.Outcome;
import io.github.mfaenroll.audit.AuditEntry;
import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.HelpdeskSignIn;
import io.github.mfaenroll.testing.Staff;
import io.github.mfaenroll.testing.TestAppExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The limits of helpdesk power, enforced in one place for every action on a user: staff never act on their own IAM
 * user (the one their session is bound to, or one whose {@code mfa-enroll-staff} tag names their account), and a
 * user that belongs to an administrator or carries the {@code mfa-enroll-protected} tag is for administrators only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HelpdeskPowerLimitsTest {

    private static final String SEED = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    private static final String OWN_USER = "This is your own AWS user.";
    private static final String PROTECTED = "Only administrators may change this user";
    private static final AtomicInteger NEXT = new AtomicInteger();

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo();

    private static String unique(String prefix) {
        return prefix + NEXT.incrementAndGet();
    }

    /** An IAM user with a console password, one virtual device made elsewhere, and these tags; returns its serial. */
    private String userWithDevice(String name, Map<String, String> tags) {
        app.simulator().addUser(name, true, tags);
        return app.simulator().addAssignedVirtualDevice(name, name + "-phone");
    }

    /** A browser holding a staff session as a real sign-in would leave it (role, and the IAM user it maps to). */
    private Browser staff(String principal, Role role, String iamUser, String pageOf) {
        Browser browser = Staff.withSession(app.get(), principal, role, iamUser);
        assertThat(browser.get("/helpdesk/accounts/123456789012/users/" + pageOf).status()).isEqualTo(200);
        return browser;
    }

    /** Another helpdesk member (no IAM user of their own) on {@code name}'s page. */
    private Browser colleagueOn(String name) {
        return staff("helpdesk:" + unique("hanna"), Role.HELPDESK, null, name);
    }

    /** An administrator (no IAM user of their own) on {@code name}'s page. */
    private Browser administratorOn(String name) {
        return staff("helpdesk:" + unique("ada"), Role.ADMIN, null, name);
    }

    private Page reset(Browser staff, String name, String serial) {
        return staff.post("/helpdesk/accounts/123456789012/users/" + name + "/devices/reset",
                Map.of("serial", serial, "reason", "Phone lost", "confirm", "yes"));
    }

    private List<AuditEntry> denied(String name, AuditAction action) {
        return app.audited(name, action).stream().filter(e -> e.outcome() == Outcome.DENIED).toList();
    }

    /**
     * The reset was refused with a page saying {@code pageSays}, the device is still the user's, and one denial is
     * audited whose detail says {@code auditSays}.
     */
    private void assertResetRefused(Page answer, String name, String serial, String pageSays, String auditSays) {
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body()).contains(pageSays);
        assertThat(app.simulator().assignedSerials(name)).containsExactly(serial);
        assertThat(denied(name, AuditAction.DEVICE_RESET)).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains(auditSays));
    }

    @Nested
    class StaffOnTheirOwnIamUser {

        /** The app refused the action as one on the agent's own IAM user, and audited it once as denied. */
        private void assertRefusedAsTheirOwnUser(Page answer, String name, AuditAction action) {
            assertThat(answer.status()).isEqualTo(403);
            assertThat(answer.body()).contains(OWN_USER);
            assertThat(denied(name, action)).hasSize(1);
        }

        @Test
        void cannotResetTheDeviceOfTheUserTheirSessionIsBoundTo() {
            String name = unique("own");
            String serial = userWithDevice(name, Map.of());
            Browser staff = staff("oidc:" + name, Role.HELPDESK, name, name);

            Page answer = reset(staff, name, serial);

            assertResetRefused(answer, name, serial, OWN_USER, "own IAM user");
        }

        @Test
        void cannotIssueThemselvesALink() {
            String name = unique("own");
            app.simulator().addUser(name, true, Map.of("mfa-enroll-staff", name));
            Browser staff = staff("helpdesk:" + name, Role.HELPDESK, null, name);

            Page answer = staff.post("/helpdesk/accounts/123456789012/users/" + name + "/links",
                    Map.of("confirm", "yes", "allowAdditionalDevice", "yes"));

            assertRefusedAsTheirOwnUser(answer, name, AuditAction.LINK_ISSUED);
            assertThat(app.components().links().forUser(user(name))).isEmpty();
        }

        @Test
        void cannotAssignThemselvesAHardwareTokenWhenTheStaffTagNamesTheirLocalAccount() {
            String account = unique("hanna");
            String name = unique("iam-hanna");
            app.simulator().addUser(name, true, Map.of("mfa-enroll-staff", account));
            String serial = String.format("GAHT%08d", NEXT.incrementAndGet());
            app.simulator().registerHardwareToken(serial, SEED);
            Authenticator token = Authenticator.fromSeed(SEED, app.clock());
            Browser staff = staff("helpdesk:" + account, Role.HELPDESK, null, name);

            Page answer = staff.post("/helpdesk/accounts/123456789012/users/" + name + "/devices/hardware",
                    Map.of("serial", serial, "code1", token.code(-1), "code2", token.code(0), "confirm", "yes"));

            assertRefusedAsTheirOwnUser(answer, name, AuditAction.HARDWARE_DEVICE_ASSIGNED);
            assertThat(app.simulator().assignedSerials(name)).isEmpty();
        }

        @Test
        void anAdministratorCannotRemoveTheirOwnConsolePassword() {
            String account = unique("ada");
            String name = unique("iam-ada");
            app.simulator().addUser(name, true, Map.of("MFA-Enroll-Staff", account.toUpperCase()));
            Browser admin = staff("helpdesk:" + account, Role.ADMIN, null, name);

            Page answer = admin.post("/helpdesk/accounts/123456789012/users/" + name + "/console-password/remove",
                    Map.of("reason", "not needed", "confirm", "yes"));

            assertRefusedAsTheirOwnUser(answer, name, AuditAction.CONSOLE_PASSWORD_REMOVED);
            assertThat(app.components().iam().hasConsolePassword(name)).isTrue();
        }

        @Test
        void aColleagueMayDoIt() {
            String name = unique("own");
            String serial = userWithDevice(name, Map.of("mfa-enroll-staff", name));
            Browser colleague = colleagueOn(name);

            Page answer = reset(colleague, name, serial);

            assertThat(answer.status()).isEqualTo(303);
            assertThat(app.simulator().assignedSerials(name)).isEmpty();
        }
    }

    /** Locks the user out, as a hundred wrong code pairs within the hour would. */
    private void lockOut(String name) {
        for (int i = 0; i < 100; i++) {
            app.components().userLockouts().recordFailure(user(name), "a wrong code pair in the setup wizard");
        }
        assertThat(app.components().userLockouts().active(user(name))).isPresent();
    }

    private Page liftLockout(Browser staff, String name) {
        return staff.post("/helpdesk/accounts/123456789012/users/" + name + "/lockout/lift", Map.of("confirm", "yes"));
    }

    @Nested
    class LiftingALockout {

        @Test
        void ofTheirOwnIamUserIsRefusedSoNobodyReopensGuessingAtTheirOwnCodes() {
            String name = unique("own");
            app.simulator().addUser(name, true, Map.of());
            lockOut(name);
            Browser staff = staff("oidc:" + name, Role.HELPDESK, name, name);

            Page answer = liftLockout(staff, name);

            assertThat(answer.status()).isEqualTo(403);
            assertThat(app.components().userLockouts().active(user(name))).isPresent();
            assertThat(denied(name, AuditAction.LOCKOUT_LIFTED)).hasSize(1);
        }

        @Test
        void ofAProtectedUserIsForAdministratorsOnly() {
            String name = unique("vip");
            app.simulator().addUser(name, true, Map.of("mfa-enroll-protected", "true"));
            lockOut(name);
            Browser helpdesk = colleagueOn(name);
            Browser admin = administratorOn(name);

            Page refused = liftLockout(helpdesk, name);
            Page lifted = liftLockout(admin, name);

            assertThat(refused.status()).isEqualTo(403);
            assertThat(lifted.status()).isEqualTo(303);
            assertThat(app.components().userLockouts().active(user(name))).isEmpty();
        }
    }

    @Nested
    class UsersForAdministratorsOnly {

        @Test
        void aUserWithTheProtectedTagIsRefusedToTheHelpdesk() {
            String name = unique("vip");
            String serial = userWithDevice(name, Map.of("mfa-enroll-protected", "true"));
            Browser helpdesk = colleagueOn(name);

            Page answer = reset(helpdesk, name, serial);

            assertResetRefused(answer, name, serial, PROTECTED, "protected tag");
        }

        @Test
        void aUserWithTheProtectedTagIsOpenToAnAdministrator() {
            String name = unique("vip");
            String serial = userWithDevice(name, Map.of("mfa-enroll-protected", "true"));
            Browser admin = administratorOn(name);

            Page answer = reset(admin, name, serial);

            assertThat(answer.status()).isEqualTo(303);
            assertThat(app.simulator().assignedSerials(name)).isEmpty();
        }

        @Test
        void theIamUserOfALocalAdministratorIsRefusedToTheHelpdesk() {
            String boss = HelpdeskSignIn.createAccount(app.get(), unique("boss"), "correct horse battery staple",
                    true);
            String name = unique("iam-boss");
            String serial = userWithDevice(name, Map.of("mfa-enroll-staff", boss));
            Browser helpdesk = colleagueOn(name);

            Page answer = reset(helpdesk, name, serial);

            assertThat(answer.status()).isEqualTo(403);
            assertThat(answer.body()).contains(PROTECTED);
            assertThat(app.simulator().assignedSerials(name)).containsExactly(serial);
        }

        @Test
        void theIamUserOfALocalHelpdeskMemberIsOpenToColleagues() {
            String agent = HelpdeskSignIn.createAccount(app.get(), unique("agent"), "correct horse battery staple",
                    false);
            String name = unique("iam-agent");
            String serial = userWithDevice(name, Map.of("mfa-enroll-staff", agent));
            Browser helpdesk = colleagueOn(name);

            Page answer = reset(helpdesk, name, serial);

            assertThat(answer.status()).isEqualTo(303);
        }
    }
}
