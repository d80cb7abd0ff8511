package io.github.mfaenroll.enrollment;

import static io.github.mfaenroll.testing.HttpWizard.submitCodes;
import static io.github.mfaenroll.testing.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Concurrently;
import io.github.mfaenroll.testing.HttpWizard;
import io.github.mfaenroll.testing.TestApp;
import io.github.mfaenroll.testing.TestAppExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The whole wizard over HTTP against the IAM simulator, with the real SDK client in between. */
class EnrollmentFlowTest {

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo().freshForEachTest();

    private Browser signedInAs(String user) {
        return app.signedInAs(user);
    }

    private Authenticator startEnrollment(Browser browser) {
        return HttpWizard.startAndReadKey(browser, app.clock());
    }

    /** {@code user} signed in from their link and past "start", on the verify step. */
    private Enrolling enrolling(String user) {
        Browser browser = signedInAs(user);
        return new Enrolling(browser, startEnrollment(browser));
    }

    /** A person on the verify step with the phone that read the key off the scan page. */
    private record Enrolling(Browser browser, Authenticator phone) {

        /** Posts the phone's codes {@code firstStep} and {@code secondStep} steps from now. */
        Page submitCodesAt(int firstStep, int secondStep) {
            return submitCodes(browser, phone.code(firstStep), phone.code(secondStep));
        }
    }

    @Nested
    class HappyPath {

        @Test
        void twoConsecutiveCodesBindTheDeviceToTheUserInIam() {
            Enrolling alice = enrolling("alice");

            Page verified = alice.submitCodesAt(-1, 0);

            assertThat(verified.status()).isEqualTo(303);
            assertThat(verified.location()).isEqualTo("/enroll/done");
            Page done = alice.browser().get("/enroll/done");
            assertThat(done.body()).contains("MFA is on").contains("Add a backup device");
            assertThat(app.simulator().assignedSerials("alice")).hasSize(1);
            String serial = app.simulator().assignedSerials("alice").get(0);
            assertThat(app.simulator().deviceOwner(serial)).contains("alice");
            assertThat(app.simulator().seedOf(serial)).contains(alice.phone().base32());
        }

        @Test
        void theScanPageShowsTheQrCodeTheTypedKeyAndAnAuthenticatorLink() {
            Browser browser = signedInAs("alice");
            HttpWizard.pressStart(browser);

            Page scan = browser.get("/enroll/scan");

            assertThat(scan.body()).contains("src=\"data:image/png;base64,")
                    .contains("href=\"otpauth://totp/AWS%20demo-corp:alice?secret=")
                    .contains("id=\"setup-key\"")
                    .contains("alt=\"QR code for your authenticator app");
            assertThat(scan.header("Cache-Control")).isEqualTo("no-store");
        }

        @Test
        void theLandingPageConsumesNothingSoAMailScannerCannotBurnTheLink() {
            Browser scanner = app.browser();
            Browser person = app.browser();
            java.net.URI link = app.linkFor("bob");

            scanner.get(link.toString());
            scanner.get(link.toString());
            person.get(link.toString());
            Page claimed = person.post("/onboard", Map.of("token", TestApp.tokenOf(link)));

            assertThat(claimed.status()).isEqualTo(303);
        }

        @Test
        void reloadingTheStartButtonResumesTheSameDeviceInsteadOfCreatingAnother() {
            Browser browser = signedInAs("bob");
            Authenticator first = startEnrollment(browser);

            Authenticator second = startEnrollment(browser);

            assertThat(second.base32()).isEqualTo(first.base32());
            assertThat(app.simulator().virtualDeviceSerials()).hasSize(2); // carol's plus bob's one
        }
    }

    @Nested
    class Mistakes {

        @Test
        void reversedCodesAreExplainedAndTheEnrollmentGoesOn() {
            Enrolling alice = enrolling("alice");

            Page rejected = alice.submitCodesAt(0, -1);

            assertThat(rejected.location()).isEqualTo("/enroll/verify");
            assertThat(alice.browser().get("/enroll/verify").body()).contains("wrong order").contains("role=\"alert\"");
            Page retried = alice.submitCodesAt(-1, 0);
            assertThat(retried.location()).isEqualTo("/enroll/done");
        }

        @ParameterizedTest(name = "codes {0} and {1} steps from now: \"{2}\"")
        @CsvSource({
                "9, 10, about 300 seconds ahead",
                "0, 0, same code twice"})
        void aMistakeIsExplainedOnTheVerifyPage(int firstStep, int secondStep, String explanation) {
            Enrolling alice = enrolling("alice");

            alice.submitCodesAt(firstStep, secondStep);

            assertThat(alice.browser().get("/enroll/verify").body()).contains(explanation);
        }

        @Test
        void aCodePairIsNeverAcceptedTwice() {
            Browser browser = signedInAs("alice");
            Authenticator phone = startEnrollment(browser);
            String code1 = phone.code(-1);
            String code2 = phone.code(0);
            app.simulator().failNext("EnableMFADevice", 1, 400, "Throttling", "Rate exceeded");
            Page throttled = submitCodes(browser, code1, code2);
            assertThat(throttled.status()).isEqualTo(503);

            Page replayed = submitCodes(browser, code1, code2);

            assertThat(replayed.location()).isEqualTo("/enroll/verify");
            assertThat(browser.get("/enroll/verify").body()).contains("already used");
            assertThat(app.simulator().requestCount("EnableMFADevice")).isEqualTo(1);
        }

        @Test
        void fiveWrongPairsEndTheEnrollmentAndDeleteItsDevice() {
            Browser browser = signedInAs("alice");
            startEnrollment(browser);
            Set<String> before = app.simulator().virtualDeviceSerials();

            Page last = null;
            for (int i = 0; i < 5; i++) {
                last = submitCodes(browser, "000000", "111111");
            }

            assertThat(last.status()).isEqualTo(410);
            assertThat(last.body()).contains("Too many codes were wrong");
            assertThat(app.simulator().virtualDeviceSerials()).hasSize(before.size() - 1);
        }
    }

    @Nested
    class EndingWithoutMfa {

        @Test
        void cancelDeletesTheDevice() {
            Browser browser = signedInAs("alice");
            startEnrollment(browser);
            assertThat(app.simulator().virtualDeviceSerials()).hasSize(2);

            browser.get("/enroll/cancel");
            Page cancelled = browser.post("/enroll/cancel", Map.of());

            assertThat(cancelled.location()).isEqualTo("/enroll");
            assertThat(browser.get("/enroll").body()).contains("Setup cancelled");
            assertThat(app.simulator().virtualDeviceSerials()).hasSize(1);
            assertThat(app.simulator().assignedSerials("carol")).hasSize(1);
        }

        @Test
        void theSweeperDeletesTheDeviceOfAnExpiredEnrollment() {
            Browser browser = signedInAs("alice");
            startEnrollment(browser);
            app.clock().advance(Duration.ofMinutes(16));

            int deleted = app.components().enrollments().sweep();

            assertThat(deleted).isEqualTo(1);
            assertThat(app.simulator().virtualDeviceSerials()).hasSize(1);
            assertThat(browser.get("/enroll/verify").status()).isEqualTo(409);
        }

        @Test
        void aDeviceTheAppDidNotCreateIsNeverDeleted() {
            app.simulator().addUser("erin", true, Map.of());
            String foreign = app.simulator().addAssignedVirtualDevice("erin", "erins-own-phone");
            Browser browser = signedInAs("bob");
            startEnrollment(browser);
            browser.get("/enroll/cancel");
            browser.post("/enroll/cancel", Map.of());
            app.clock().advance(Duration.ofDays(2));

            app.components().enrollments().sweep();

            assertThat(app.simulator().virtualDeviceExists(foreign)).isTrue();
            assertThat(app.simulator().assignedSerials("erin")).containsExactly(foreign);
            assertThat(app.simulator().assignedSerials("bob")).isEmpty();
            assertThat(app.simulator().assignedSerials("carol")).hasSize(1);
        }

        @Test
        void aUserWithEightDevicesIsToldSoAndNoDeviceIsCreated() {
            app.simulator().addUser("frank", true, Map.of());
            for (int i = 1; i <= 8; i++) {
                app.simulator().addAssignedVirtualDevice("frank", "frank-" + i);
            }
            int devicesBefore = app.simulator().virtualDeviceSerials().size();
            Browser browser = signedInAs("frank");

            Page start = browser.get("/enroll");
            Page refused = browser.post("/enroll/start", Map.of());

            assertThat(start.body()).contains("already has 8 MFA devices");
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.body()).contains("the most MFA devices AWS allows (8)");
            assertThat(app.simulator().virtualDeviceSerials()).hasSize(devicesBefore);
            assertThat(app.simulator().requestCount("CreateVirtualMFADevice")).isZero();
        }
    }

    @Nested
    class Links {

        @Test
        void aClaimedLinkCannotBeClaimedAgain() {
            java.net.URI link = app.linkFor("alice");
            Browser first = app.browser();
            Browser second = app.browser();
            first.get(link.toString());
            second.get(link.toString());
            first.post("/onboard", Map.of("token", TestApp.tokenOf(link)));

            Page again = second.post("/onboard", Map.of("token", TestApp.tokenOf(link)));

            assertThat(again.status()).isEqualTo(410);
            assertThat(again.body()).contains("already been used");
            assertThat(second.get("/enroll").status()).isEqualTo(401);
        }

        @Test
        void anExpiredLinkShowsAClearPage() {
            java.net.URI link = app.linkFor("alice");
            app.clock().advance(Duration.ofHours(73));

            Page page = app.browser().get(link.toString());

            assertThat(page.status()).isEqualTo(410);
            assertThat(page.body()).contains("This link has expired");
        }

        @Test
        void aRevokedLinkShowsAClearPage() {
            var issued = app.components().links().issue(user("alice"), null, "helpdesk:test");
            app.components().links().revoke(issued.id(), "helpdesk:test");

            Page page = app.browser().get(issued.url().toString());

            assertThat(page.status()).isEqualTo(410);
            assertThat(page.body()).contains("withdrawn by your IT helpdesk");
        }

        @Test
        void anUnknownLinkShowsAClearPage() {
            Page page = app.browser().get("/onboard/" + "x".repeat(43));

            assertThat(page.status()).isEqualTo(404);
            assertThat(page.body()).contains("recognise this link");
        }
    }

    @Nested
    class IamFailures {

        @Test
        void aFailureBecomesAPlainSentenceWithAReferenceThatIsAlsoInTheLogAndAudit() {
            Browser browser = signedInAs("alice");
            browser.get("/enroll");
            // Three answers: the SDK's standard retry tries a create three times.
            app.simulator().failNext("CreateVirtualMFADevice", 3, 500, "ServiceFailure", "internal failure");

            Page failed = browser.post("/enroll/start", Map.of());

            assertThat(failed.status()).isEqualTo(503);
            assertThat(failed.body()).contains("AWS is busy or can’t be reached right now");
            java.util.regex.Matcher ref = java.util.regex.Pattern.compile("Reference for the helpdesk: (R-[A-Z0-9]{8})")
                    .matcher(failed.body());
            assertThat(ref.find()).isTrue();
            assertThat(io.github.mfaenroll.testing.LogHygiene.lines()).anyMatch(line -> line.contains(ref.group(1)));
            assertThat(app.components().audit().forUser(user("alice"), 20))
                    .anyMatch(entry -> ref.group(1).equals(entry.reference()));
            assertThat(failed.body()).doesNotContain("Exception").doesNotContain("ServiceFailure");
            assertThat(app.simulator().virtualDeviceSerials()).hasSize(1);
        }

        @Test
        void afterAFailedStartTheUserCanSimplyStartAgain() {
            Browser browser = signedInAs("alice");
            browser.get("/enroll");
            app.simulator().failNext("CreateVirtualMFADevice", 3, 500, "ServiceFailure", "internal failure");
            browser.post("/enroll/start", Map.of());

            Authenticator phone = startEnrollment(browser);
            Page verified = submitCodes(browser, phone.code(-1), phone.code(0));

            assertThat(verified.location()).isEqualTo("/enroll/done");
        }
    }

    @Nested
    class AuditTrail {

        @Test
        void recordsEachStepWithoutAnySecret() {
            Enrolling bob = enrolling("bob");
            bob.submitCodesAt(0, -1);
            bob.submitCodesAt(-1, 0);
            Authenticator phone = bob.phone();

            var entries = app.components().audit().forUser(user("bob"), 50);

            assertThat(entries).extracting(e -> e.action().name()).contains("LINK_ISSUED", "LINK_CLAIMED",
                    "ENROLLMENT_STARTED", "DEVICE_CREATED", "VERIFICATION_FAILED", "DEVICE_ENABLED");
            assertThat(entries).extracting(e -> String.valueOf(e.detail()))
                    .noneMatch(detail -> detail.contains(phone.base32()) || detail.contains(phone.code(0))
                            || detail.contains(phone.code(-1)) || detail.matches(".*[A-Za-z0-9_-]{43}.*"));
        }
    }

    @Nested
    class Races {

        @Test
        void startingThreeTimesAtOnceCreatesOneDevice() throws Exception {
            Browser browser = signedInAs("alice");
            browser.get("/enroll");
            String csrf = browser.csrf();
            int before = app.simulator().virtualDeviceSerials().size();

            List<Integer> statuses = Concurrently.results(3,
                    () -> browser.postRaw("/enroll/start", Map.of("csrf", csrf), Map.of()).status());

            assertThat(statuses).allMatch(status -> status == 303 || status == 409);
            assertThat(app.simulator().virtualDeviceSerials()).hasSize(before + 1);
            assertThat(browser.get("/enroll/scan").status()).isEqualTo(200);
        }
    }

    @Nested
    class UsersWhoAlreadyHaveMfa {

        @Test
        void aLinkDoesNotLetItsHolderAddADeviceToAProtectedUser() {
            Browser browser = signedInAs("carol");

            Page start = browser.get("/enroll");
            Page refused = browser.post("/enroll/start", Map.of());

            assertThat(start.body()).contains("already has MFA").doesNotContain("Create my MFA device");
            assertThat(refused.status()).isEqualTo(409);
            assertThat(app.simulator().assignedSerials("carol")).hasSize(1);
            assertThat(app.simulator().requestCount("CreateVirtualMFADevice")).isZero();
        }

        @Test
        void rightAfterEnrollingTheSameSessionMayAddABackupDevice() {
            Enrolling bob = enrolling("bob");
            bob.submitCodesAt(-1, 0);

            Page done = bob.browser().get("/enroll/done");
            Page backup = bob.browser().post("/enroll/start", Map.of());

            assertThat(done.body()).contains("Add a backup device");
            assertThat(backup.location()).isEqualTo("/enroll/scan");
        }
    }

    @Nested
    class TypedInput {

        @Test
        void codesWithNoBreakSpacesAndTabsAreSentToIamAsSixDigits() {
            Enrolling alice = enrolling("alice");
            String first = alice.phone().code(-1);
            String second = alice.phone().code(0);

            Page verified = submitCodes(alice.browser(), first.substring(0, 3) + "\u00A0" + first.substring(3),
                    "\t" + second.substring(0, 3) + " " + second.substring(3) + "\u202F");

            assertThat(verified.location()).isEqualTo("/enroll/done");
            assertThat(app.simulator().assignedSerials("alice")).hasSize(1);
        }
    }
}
