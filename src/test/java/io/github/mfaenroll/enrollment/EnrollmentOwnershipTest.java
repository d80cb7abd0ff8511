package io.github.mfaenroll.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.HttpWizard;
import io.github.mfaenroll.testing.Staff;
import io.github.mfaenroll.testing.TestApp;
import io.github.mfaenroll.testing.TestAppExtension;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An enrollment belongs to the session that started it, not to its IAM user. Two sessions of one user can exist
 * (a company sign-in next to a link, an old tab): the other one never sees the seed, never verifies, never cancels,
 * and never adds a device of its own after the user enrolled. Links and sign-ins make such a second session rare:
 * a new link revokes the older ones, and claiming a link or binding a device ends the user's other sessions.
 */
class EnrollmentOwnershipTest {

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo().freshForEachTest();

    /** A second, independent employee session for the user, as a company sign-in would start it. */
    private Browser secondSessionFor(String iamUser) {
        return Staff.withSession(app.get(), "oidc:" + iamUser, Role.EMPLOYEE, iamUser);
    }

    private Authenticator startEnrollment(Browser browser) {
        return HttpWizard.startAndReadKey(browser, app.clock());
    }

    private static Page submitCodes(Browser browser, String code1, String code2) {
        browser.get("/enroll");
        return browser.post("/enroll/verify", Map.of("code1", code1, "code2", code2));
    }

    @Nested
    class AnotherSessionOfTheSameUser {

        @Test
        void neverSeesTheSeed() {
            Browser owner = app.signedInAs("dave");
            Browser other = secondSessionFor("dave");
            Authenticator phone = startEnrollment(owner);

            Page scan = other.get("/enroll/scan");
            Page verify = other.get("/enroll/verify");

            assertThat(scan.status()).isEqualTo(409);
            assertThat(scan.body()).doesNotContain(phone.base32()).doesNotContain("otpauth://");
            assertThat(verify.status()).isEqualTo(409);
            assertThat(verify.body()).doesNotContain(phone.base32());
        }

        @Test
        void cannotVerifyWithTheRightCodes() {
            Browser owner = app.signedInAs("dave");
            Browser other = secondSessionFor("dave");
            Authenticator phone = startEnrollment(owner);

            Page verified = submitCodes(other, phone.code(-1), phone.code(0));

            assertThat(verified.status()).isEqualTo(409);
            assertThat(app.simulator().assignedSerials("dave")).isEmpty();
            assertThat(owner.get("/enroll/scan").status()).as("the owner's setup goes on").isEqualTo(200);
        }

        @Test
        void cannotCancelIt() {
            Browser owner = app.signedInAs("dave");
            Browser other = secondSessionFor("dave");
            startEnrollment(owner);

            other.get("/enroll");
            other.post("/enroll/cancel", Map.of());

            assertThat(owner.get("/enroll/scan").status()).isEqualTo(200);
        }

        @Test
        void replacesItWhenItStartsItsOwn() {
            Browser owner = app.signedInAs("dave");
            Authenticator first = startEnrollment(owner);
            Browser other = secondSessionFor("dave");

            Authenticator second = startEnrollment(other);

            assertThat(second.base32()).isNotEqualTo(first.base32());
            assertThat(owner.get("/enroll/scan").status()).as("the replaced setup is over").isEqualTo(409);
            assertThat(app.simulator().virtualDeviceSerials()).as("its device was deleted")
                    .filteredOn(serial -> serial.contains(":mfa/dave-")).hasSize(1);
        }

        @Test
        void isSignedOutWhenTheOwnerBindsTheDevice() {
            Browser owner = app.signedInAs("bob");
            Browser other = secondSessionFor("bob");
            Authenticator phone = startEnrollment(owner);
            assertThat(other.get("/enroll").status()).isEqualTo(200);

            Page verified = submitCodes(owner, phone.code(-1), phone.code(0));
            Page afterwards = other.get("/enroll");

            assertThat(verified.status()).isEqualTo(303);
            assertThat(afterwards.status()).isEqualTo(401);
        }

        @Test
        void fromBeforeTheUserEnrolledCannotAddADeviceOfItsOwn() {
            Browser owner = app.signedInAs("bob");
            Browser other = secondSessionFor("bob");
            HttpWizard.enroll(owner, app.clock());

            Page started = HttpWizard.pressStart(other);

            assertThat(started.status()).isNotEqualTo(303);
            assertThat(app.simulator().assignedSerials("bob")).hasSize(1);
        }

        @Test
        void startedAfterTheUserEnrolledCannotAddADeviceOfItsOwn() {
            Browser owner = app.signedInAs("bob");
            HttpWizard.enroll(owner, app.clock());
            Browser other = secondSessionFor("bob");

            Page started = HttpWizard.pressStart(other);

            assertThat(started.status()).isEqualTo(409);
            assertThat(app.simulator().assignedSerials("bob")).hasSize(1);
        }

        @Test
        void ownerMayAddABackupDeviceInTheSameSession() {
            Browser owner = app.signedInAs("bob");
            HttpWizard.enroll(owner, app.clock());
            app.clock().advance(Duration.ofSeconds(60));

            Page started = HttpWizard.pressStart(owner);

            assertThat(started.status()).isEqualTo(303);
        }
    }

    @Nested
    class Links {

        @Test
        void aNewLinkRevokesTheUsersEarlierUnusedOne() {
            URI earlier = app.linkFor("dave");
            app.linkFor("dave");
            Browser browser = app.browser();

            Page landing = browser.get(earlier.toString());
            Page claimed = browser.post("/onboard", Map.of("token", TestApp.tokenOf(earlier)));

            assertThat(landing.status()).isEqualTo(410);
            assertThat(claimed.status()).isEqualTo(410);
        }

        @Test
        void claimingALinkEndsTheUsersOtherSessions() {
            Browser first = app.signedInAs("dave");
            assertThat(first.get("/enroll").status()).isEqualTo(200);

            app.signedInAs("dave");

            assertThat(first.get("/enroll").status()).isEqualTo(401);
        }

        @Test
        void claimingALinkLeavesOtherUsersSessionsAlone() {
            Browser alice = app.signedInAs("alice");

            app.signedInAs("dave");

            assertThat(alice.get("/enroll").status()).isEqualTo(200);
        }
    }

    @Nested
    class StartLimits {

        private void startAndCancel(Browser browser) {
            startEnrollment(browser);
            browser.get("/enroll/cancel");
            assertThat(browser.post("/enroll/cancel", Map.of()).status()).isEqualTo(303);
        }

        @Test
        void theSixthStartWithinAnHourIsRefusedBeforeIamIsAsked() {
            Browser browser = app.signedInAs("dave");
            for (int i = 0; i < 5; i++) {
                startAndCancel(browser);
            }
            int devicesBefore = app.simulator().virtualDeviceSerials().size();

            Page sixth = HttpWizard.pressStart(browser);

            assertThat(sixth.status()).isEqualTo(429);
            assertThat(app.simulator().virtualDeviceSerials()).hasSize(devicesBefore);
        }

        @Test
        void theLimitCountsTheUserAcrossSessions() {
            for (int i = 0; i < 5; i++) {
                startAndCancel(secondSessionFor("dave"));
            }
            Browser fresh = app.signedInAs("dave");

            Page started = HttpWizard.pressStart(fresh);

            assertThat(started.status()).isEqualTo(429);
        }

        @Test
        void aSessionOverTheLimitEndsNobodysSetup() {
            Browser other = secondSessionFor("dave");
            for (int i = 0; i < 4; i++) {
                startAndCancel(other);
            }
            Browser owner = secondSessionFor("dave");
            startEnrollment(owner);

            Page refused = HttpWizard.pressStart(other);

            assertThat(refused.status()).isEqualTo(429);
            assertThat(owner.get("/enroll/scan").status()).as("the owner's setup goes on").isEqualTo(200);
        }

        @Test
        void startsAgainAnHourLater() {
            Browser browser = app.signedInAs("dave");
            for (int i = 0; i < 5; i++) {
                startAndCancel(browser);
            }
            app.clock().advance(Duration.ofMinutes(61));
            Browser later = app.signedInAs("dave");

            Page started = HttpWizard.pressStart(later);

            assertThat(started.status()).isEqualTo(303);
        }
    }
}
