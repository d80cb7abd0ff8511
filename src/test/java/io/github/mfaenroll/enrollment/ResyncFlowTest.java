package io.github.mfaenroll.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry;
import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.HttpWizard;
import io.github.mfaenroll.testing.TestAppExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Self-service resync over HTTP against the IAM simulator (which runs ResyncMFADevice as IAM does: two consecutive
 * codes within ten steps of its clock). carol's device was bound outside the app; her phone plays the authenticator
 * from the simulator's copy of the seed.
 */
class ResyncFlowTest {

    /** What every explanation of a refused pair says, whatever the mistake was: IAM does not tell which. */
    private static final String AWS_REFUSED = "AWS did not accept these codes. AWS doesn’t say why";

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo().freshForEachTest();

    private String carolsSerial() {
        return app.simulator().assignedSerials("carol").get(0);
    }

    /** carol's phone; {@code drift} is how far its clock is off from IAM's (negative: behind). */
    private Authenticator carolsPhone(Duration drift) {
        return Authenticator.fromSeed(app.simulator().seedOf(carolsSerial()).orElseThrow(),
                Clock.offset(app.clock(), drift));
    }

    private Page resync(Browser browser, String serial, String code1, String code2) {
        browser.get("/enroll/resync");
        return browser.post("/enroll/resync", Map.of("serial", serial, "code1", code1, "code2", code2));
    }

    /** Resyncs carol's device with the codes her phone (clock in step) shows at these steps from now. */
    private Page resyncWithCarolsPhone(Browser browser, int firstStep, int secondStep) {
        Authenticator phone = carolsPhone(Duration.ZERO);
        return resync(browser, carolsSerial(), phone.code(firstStep), phone.code(secondStep));
    }

    private String pageAfter(Browser browser, Page posted) {
        return browser.get(posted.location()).body();
    }

    private int resyncCalls() {
        return app.simulator().requestCount("ResyncMFADevice");
    }

    @Nested
    class ThePage {

        @Test
        void listsTheSessionUsersOwnDevicesAndTwoOneTimeCodeFields() {
            Browser carol = app.signedInAs("carol");

            Page page = carol.get("/enroll/resync");

            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("value=\"" + carolsSerial() + "\" required checked")
                    .contains("autocomplete=\"one-time-code\"").contains("inputmode=\"numeric\"")
                    .contains("<label for=\"code1\">").contains("<label for=\"code2\">")
                    .contains("We can only check that each code has 6 digits");
        }

        @Test
        void aUserWithoutADeviceIsToldThereIsNothingToResync() {
            Browser alice = app.signedInAs("alice");

            Page page = alice.get("/enroll/resync");

            assertThat(page.body()).contains("no MFA device that shows codes").doesNotContain("name=\"code1\"");
        }

        @Test
        void theWizardsStartAndDonePagesLinkToIt() {
            Browser carol = app.signedInAs("carol");
            Browser alice = app.signedInAs("alice");
            HttpWizard.enroll(alice, app.clock());

            String start = carol.get("/enroll").body();
            String done = alice.get("/enroll/done").body();

            assertThat(start).contains("<a href=\"/enroll/resync\">My codes are not accepted any more</a>");
            assertThat(done).contains("<a href=\"/enroll/resync\">My codes are not accepted any more</a>");
        }
    }

    @Nested
    class Success {

        @Test
        void twoFreshCodesFromAPhoneWhoseClockDriftedResyncTheDevice() {
            Browser carol = app.signedInAs("carol");
            Authenticator phone = carolsPhone(Duration.ofMinutes(-4));

            Page resynced = resync(carol, carolsSerial(), phone.code(-1), phone.code(0));

            assertThat(resynced.status()).isEqualTo(303);
            assertThat(resynced.location()).isEqualTo("/enroll");
            assertThat(pageAfter(carol, resynced)).contains("your device is back in step");
            assertThat(resyncCalls()).isEqualTo(1);
            assertThat(app.audited("carol", AuditAction.DEVICE_RESYNCED)).singleElement()
                    .satisfies(e -> assertThat(e.detail()).isEqualTo(carolsSerial()));
        }

        @Test
        void theSamePairIsNeverSentToIamTwice() {
            Browser carol = app.signedInAs("carol");
            Authenticator phone = carolsPhone(Duration.ofMinutes(-4));
            String code1 = phone.code(-1);
            String code2 = phone.code(0);
            resync(carol, carolsSerial(), code1, code2);

            Page again = resync(carol, carolsSerial(), code1, code2);

            assertThat(pageAfter(carol, again)).contains("You already sent exactly these two codes");
            assertThat(resyncCalls()).isEqualTo(1);
        }
    }

    @Nested
    class RefusedCodes {

        @Test
        void staleCodesAreExplained() {
            Browser carol = app.signedInAs("carol");

            Page refused = resyncWithCarolsPhone(carol, -13, -12);

            assertThat(refused.location()).startsWith("/enroll/resync?device=");
            assertThat(pageAfter(carol, refused)).contains(AWS_REFUSED).contains("role=\"alert\"")
                    .contains("codes that were too old by the time you sent them")
                    .contains("sets its date and time automatically").contains("Attempts left before a pause: 4.");
            assertThat(resyncCalls()).isEqualTo(1);
        }

        @Test
        void reversedCodesAreExplained() {
            Browser carol = app.signedInAs("carol");

            Page refused = resyncWithCarolsPhone(carol, 0, -1);

            assertThat(pageAfter(carol, refused)).contains(AWS_REFUSED)
                    .contains("the codes in the wrong order (the older code goes first)");
        }

        @Test
        void wrongCodesAreExplained() {
            Browser carol = app.signedInAs("carol");

            Page refused = resync(carol, carolsSerial(), "918273", "564738");

            assertThat(pageAfter(carol, refused)).contains(AWS_REFUSED).contains("a typo in a code");
        }

        @Test
        void theFormRemembersWhichDeviceWasChosen() {
            Browser carol = app.signedInAs("carol");

            Page refused = resync(carol, carolsSerial(), "918273", "564738");

            assertThat(pageAfter(carol, refused)).contains("value=\"" + carolsSerial() + "\" required checked");
        }

        @Test
        void fiveRefusalsInARowPauseResyncForFifteenMinutesWithoutAskingIam() {
            Browser carol = app.signedInAs("carol");
            for (int i = 0; i < ResyncService.MAX_FAILED_ATTEMPTS; i++) {
                resync(carol, carolsSerial(), "91827" + i, "56473" + i);
            }

            Page paused = resyncWithCarolsPhone(carol, -1, 0);
            String explained = pageAfter(carol, paused);
            app.clock().advance(ResyncService.PAUSE);
            Page afterThePause = resyncWithCarolsPhone(carol, -1, 0);

            assertThat(explained).contains("AWS refused too many pairs of codes in a row. Wait 15 minutes");
            assertThat(afterThePause.location()).isEqualTo("/enroll");
            assertThat(resyncCalls()).isEqualTo(ResyncService.MAX_FAILED_ATTEMPTS + 1);
            assertThat(app.audited("carol", AuditAction.RESYNC_FAILED).stream()
                    .filter(e -> e.outcome() == AuditEntry.Outcome.FAILURE)).hasSize(ResyncService.MAX_FAILED_ATTEMPTS)
                    .allSatisfy(e -> assertThat(e.detail()).startsWith(carolsSerial() + ": AWS refused the codes")
                            .doesNotContainPattern("(?<![0-9])[0-9]{6}(?![0-9])"));
            assertThat(app.audited("carol", AuditAction.RESYNC_FAILED).stream()
                    .filter(e -> e.outcome() == AuditEntry.Outcome.DENIED)).singleElement()
                    .satisfies(e -> assertThat(e.detail()).contains("paused after 5 refused pairs"));
        }
    }

    @Nested
    class CheckedWithoutIam {

        @Test
        void codesThatAreNotSixDigitsAreExplainedAndNotSent() {
            Browser carol = app.signedInAs("carol");

            Page refused = resync(carol, carolsSerial(), "12345", "abcdef");

            assertThat(pageAfter(carol, refused)).contains("Each code has exactly 6 digits")
                    .contains("Nothing was sent to AWS.");
            assertThat(resyncCalls()).isZero();
        }

        @Test
        void theSameCodeTwiceIsExplainedAndNotSent() {
            Browser carol = app.signedInAs("carol");
            String code = carolsPhone(Duration.ZERO).code(0);

            Page refused = resync(carol, carolsSerial(), code, code);

            assertThat(pageAfter(carol, refused)).contains("You typed the same code twice");
            assertThat(resyncCalls()).isZero();
        }

        @Test
        void aFormWithoutADeviceAsksForOne() {
            Browser carol = app.signedInAs("carol");
            carol.get("/enroll/resync");

            Page refused = carol.post("/enroll/resync", Map.of("code1", "918273", "code2", "564738"));

            assertThat(pageAfter(carol, refused)).contains("Choose the device you want to resync.");
            assertThat(resyncCalls()).isZero();
        }
    }

    @Nested
    class Ownership {

        @Test
        void anotherUsersDeviceIsNotFoundAndNothingIsSent() {
            Browser alice = app.signedInAs("alice");

            Page refused = resyncWithCarolsPhone(alice, -1, 0);

            assertThat(refused.status()).isEqualTo(404);
            assertThat(refused.body()).contains("not one of the MFA devices on your AWS user");
            assertThat(resyncCalls()).isZero();
            assertThat(app.audited("carol", AuditAction.DEVICE_RESYNCED)).isEmpty();
            assertThat(app.audited("alice", AuditAction.RESYNC_FAILED)).singleElement().satisfies(e -> {
                assertThat(e.outcome()).isEqualTo(AuditEntry.Outcome.DENIED);
                assertThat(e.detail()).isEqualTo("not one of the user's devices");
            });
        }
    }
}
