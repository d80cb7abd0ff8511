package io.github.mfaenroll.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.HttpWizard;
import io.github.mfaenroll.testing.Staff;
import io.github.mfaenroll.testing.TestApp;
import io.github.mfaenroll.testing.TestAppExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A helpdesk agent watches a person's setup live (page and JSON) while the person makes a mistake and then
 * succeeds. Nothing secret may appear in any answer of these routes.
 */
class LiveWalkthroughTest {

    private static final Pattern SEED_SHAPE = Pattern.compile("(?<![A-Za-z0-9])[A-Z2-7]{32,}(?![A-Za-z0-9])");

    private final ObjectMapper json = new ObjectMapper();
    private final List<String> answers = new ArrayList<>();
    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo().freshForEachTest();

    private Browser staff() {
        return Staff.withSession(app.get(), "helpdesk:hanna", Role.HELPDESK);
    }

    /** GETs a walk-through route and keeps the answer for the no-secrets check. */
    private Page watch(Browser staff, String path) {
        Page page = staff.get(path);
        answers.add(page.body());
        return page;
    }

    private JsonNode progress(Browser staff, String user) throws Exception {
        Page page = watch(staff, "/helpdesk/accounts/123456789012/users/" + user + "/progress.json");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("application/json");
        assertThat(page.header("Cache-Control")).isEqualTo("no-store");
        return json.readTree(page.body());
    }

    private Authenticator startEnrollment(Browser employee) {
        return HttpWizard.startAndReadKey(employee, app.clock());
    }

    private void submit(Browser employee, String code1, String code2) {
        employee.get("/enroll/verify");
        employee.post("/enroll/verify", Map.of("code1", code1, "code2", code2));
    }

    @Nested
    class WatchingASetup {

        @Test
        void showsTheStepAndTheLastMistakeThenThatMfaIsOn() throws Exception {
            Browser hanna = staff();
            Browser bob = app.signedInAs("bob");
            JsonNode before = progress(hanna, "bob");
            Authenticator phone = startEnrollment(bob);
            JsonNode scanning = progress(hanna, "bob");
            submit(bob, phone.code(0), phone.code(-1));
            JsonNode mistake = progress(hanna, "bob");
            String mistakePage = watch(hanna, "/helpdesk/accounts/123456789012/users/bob/live").body();
            submit(bob, phone.code(-1), phone.code(0));

            JsonNode done = progress(hanna, "bob");
            String donePage = watch(hanna, "/helpdesk/accounts/123456789012/users/bob/live").body();

            assertThat(before.toString()).isEqualTo("{\"user\":\"bob\",\"hasMfa\":false,\"step\":\"not_started\","
                    + "\"failedAttempts\":0,\"lastProblem\":null,\"updatedAt\":null,\"expiresAt\":null}");
            assertThat(scanning.get("step").asText()).isEqualTo("device_created");
            assertThat(scanning.get("expiresAt").asText()).isEqualTo(TestApp.START.plusSeconds(15 * 60).toString());
            assertThat(mistake.get("failedAttempts").asInt()).isEqualTo(1);
            assertThat(mistake.get("lastProblem").asText()).contains("The codes are in the wrong order")
                    .contains("Attempts left: 4.");
            assertThat(mistakePage).contains("Device created: scanning the QR code or typing codes")
                    .contains("The codes are in the wrong order");
            assertThat(done.get("step").asText()).isEqualTo("enabled");
            assertThat(done.get("hasMfa").asBoolean()).isTrue();
            assertThat(done.get("lastProblem").isNull()).isTrue();
            assertThat(done.get("expiresAt").isNull()).isTrue();
            assertThat(donePage).contains("Finished: MFA is on");
            assertThat(String.join("\n", answers)).doesNotContain(phone.base32()).doesNotContain("otpauth:")
                    .doesNotContain("data:image").doesNotContain(phone.code(0)).doesNotContain(phone.code(-1))
                    .doesNotContainPattern(SEED_SHAPE);
        }

        @Test
        void aPhoneClockProblemIsShownWithItsOffset() throws Exception {
            Browser hanna = staff();
            Browser alice = app.signedInAs("alice");
            Authenticator phone = startEnrollment(alice);
            submit(alice, phone.code(9), phone.code(10));

            JsonNode progress = progress(hanna, "alice");

            assertThat(progress.get("lastProblem").asText()).contains("about 300 seconds ahead");
        }

        @Test
        void aUserWhoHadMfaBeforeIsShownWithMfaAndNothingStarted() throws Exception {

            JsonNode progress = progress(staff(), "carol");

            assertThat(progress.get("hasMfa").asBoolean()).isTrue();
            assertThat(progress.get("step").asText()).isEqualTo("not_started");
        }

        @Test
        void whenIamCannotBeAskedTheRestIsStillShown() throws Exception {
            app.simulator().failNext("ListMFADevices", 10, 503, "ServiceUnavailable", "down for the test");

            JsonNode progress = progress(staff(), "bob");

            assertThat(progress.get("hasMfa").isNull()).isTrue();
            assertThat(progress.get("step").asText()).isEqualTo("not_started");
        }
    }

    @Nested
    class ThePage {

        @Test
        void reloadsItselfWithoutScriptsAndUpdatesALiveRegionWithThem() {

            Page page = watch(staff(), "/helpdesk/accounts/123456789012/users/bob/live");

            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body())
                    .contains("<noscript><meta http-equiv=\"refresh\" content=\"5\"></noscript>")
                    .contains("<script src=\"/static/js/walkthrough.js\" defer></script>")
                    .contains("aria-live=\"polite\" data-progress-url=\"/helpdesk/accounts/123456789012/users/bob/progress.json\"")
                    .contains("<a href=\"/helpdesk/accounts/123456789012/users/bob\">Back to bob</a>")
                    .contains("Not started");
            assertThat(page.body().indexOf("<noscript>")).isLessThan(page.body().indexOf("</head>"));
        }

        @Test
        void theScriptIsServedFromStatic() {

            Page script = app.browser().get("/static/js/walkthrough.js");

            assertThat(script.status()).isEqualTo(200);
            assertThat(script.body()).contains("progress").contains("textContent").doesNotContain("innerHTML");
        }
    }

    @Nested
    class Names {

        @Test
        void aNameIamWouldNotAcceptIsNotFound() {

            Page page = staff().get("/helpdesk/accounts/123456789012/users/bob%20smith/live");

            assertThat(page.status()).isEqualTo(404);
        }

        @Test
        void aNameTypedInAnotherCaseLeadsToIamsSpellingWhereTheSetupIsFound() {

            Page page = staff().get("/helpdesk/accounts/123456789012/users/ALICE/live");
            Page unknown = staff().get("/helpdesk/accounts/123456789012/users/nobody/live");

            assertThat(page.status()).isEqualTo(303);
            assertThat(page.location()).isEqualTo("/helpdesk/accounts/123456789012/users/alice/live");
            assertThat(unknown.status()).isEqualTo(404);
        }

        @Test
        void aUserIamDoesNotKnowIsNotFound() {

            Page page = staff().get("/helpdesk/accounts/123456789012/users/nobody/progress.json");

            assertThat(page.status()).isEqualTo(404);
            assertThat(page.body()).contains("There is no AWS user with this name.");
        }

        @Test
        void anEmployeeCannotWatchAnyone() {

            Page page = app.signedInAs("alice").get("/helpdesk/accounts/123456789012/users/alice/progress.json");

            assertThat(page.status()).isEqualTo(403);
        }
    }
}
