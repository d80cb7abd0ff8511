package io.github.mfaenroll.helpdesk;

import static io.github.mfaenroll.testing.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry.Outcome;
import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.HttpWizard;
import io.github.mfaenroll.testing.Staff;
import io.github.mfaenroll.testing.TestApp;
import io.github.mfaenroll.testing.TestAppExtension;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The helpdesk's page about one IAM user: what it shows, and who may see it. */
class UserPageTest {

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo();

    @Nested
    class ForAUserWithoutMfa {

        @Test
        void showsTheConsolePasswordNoDeviceAndTheSetupInProgressWithItsStep() {
            Browser alice = app.signedInAs("alice");
            HttpWizard.pressStart(alice);

            Page page = Staff.helpdesk(app.get(), "hanna").get("/helpdesk/accounts/123456789012/users/alice");

            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("<h1>AWS user alice</h1>")
                    .contains("<dt>Console password</dt><dd>Yes</dd>")
                    .contains("alice@example.com")
                    .contains("This user has no MFA device.")
                    .contains("Device created, waiting for the user to scan and type two codes")
                    .contains("<dt>Wrong code pairs</dt><dd>0</dd>")
                    .contains("Ends unless finished by")
                    .contains("Used")
                    .contains("ENROLLMENT_STARTED");
        }

        @Test
        void listsTheLinksIssuedWithTheirState() {
            var revoked = app.components().links().issue(user("bob"), null, "helpdesk:maria");
            app.components().links().revoke(revoked.id(), "helpdesk:maria");
            var valid = app.components().links().issue(user("bob"), null, "helpdesk:maria");

            Page page = Staff.helpdesk(app.get(), "hanna").get("/helpdesk/accounts/123456789012/users/bob");

            assertThat(page.body()).contains("<h2 id=\"links-heading\">Onboarding links</h2>")
                    .contains("<th scope=\"col\">State</th>")
                    .contains("Valid, not used yet").contains("Revoked").contains("helpdesk:maria")
                    .doesNotContain(TestApp.tokenOf(valid.url())).doesNotContain(TestApp.tokenOf(revoked.url()));
        }
    }

    @Nested
    class ForAUserWithDevices {

        @Test
        void tellsVirtualDevicesAndHardwareTokensApart() {
            app.simulator().addUser("frank", true, Map.of());
            String virtual = app.simulator().addAssignedVirtualDevice("frank", "frank-phone");
            String seed = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
            app.simulator().registerHardwareToken("GAHT10000001", seed);
            Authenticator token = Authenticator.fromSeed(seed, app.clock());
            app.components().iam().enableMfaDevice("frank", "GAHT10000001", token.code(-1), token.code(0));

            Page page = Staff.helpdesk(app.get(), "hanna").get("/helpdesk/accounts/123456789012/users/frank");

            assertThat(page.body()).contains("<td>Authenticator app</td>").contains(virtual)
                    .contains("<td>Hardware token</td>").contains("GAHT10000001")
                    .contains("on (compliant)").contains("none known");
        }
    }

    @Nested
    class Refusals {

        @Test
        void anUnknownUserIsTheNotFoundPage() {

            Page page = Staff.helpdesk(app.get(), "hanna").get("/helpdesk/accounts/123456789012/users/nobody");

            assertThat(page.status()).isEqualTo(404);
            assertThat(page.body()).contains("There is no AWS user with this name.");
        }

        @Test
        void aNameIamCouldNotHoldIsNotFoundWithoutAskingIam() {
            int before = app.simulator().requestCount("GetUser");

            Page page = Staff.helpdesk(app.get(), "hanna").get("/helpdesk/accounts/123456789012/users/" + "x".repeat(65));

            assertThat(page.status()).isEqualTo(404);
            assertThat(app.simulator().requestCount("GetUser")).isEqualTo(before);
        }

        @Test
        void anEmployeeIsForbiddenAndTheAttemptIsAudited() {
            Browser alice = app.signedInAs("alice");

            Page page = alice.get("/helpdesk/accounts/123456789012/users/bob");

            assertThat(page.status()).isEqualTo(403);
            assertThat(app.components().audit().forUser(user("bob"), 5)).anySatisfy(entry -> {
                assertThat(entry.action()).isEqualTo(AuditAction.ACCESS_DENIED);
                assertThat(entry.outcome()).isEqualTo(Outcome.DENIED);
                assertThat(entry.actor()).isEqualTo("link:alice");
                assertThat(entry.detail()).isEqualTo("GET /helpdesk/accounts/{account}/users/{name}");
            });
        }

        @Test
        void iamBeingUnavailableIsAPageWithAReference() {
            app.simulator().failNext("GetUser", 3, 503, "ServiceUnavailable", "try later");

            Page page = Staff.helpdesk(app.get(), "hanna").get("/helpdesk/accounts/123456789012/users/bob");

            assertThat(page.status()).isEqualTo(503);
            assertThat(page.body()).contains("AWS is busy or can’t be reached right now").contains("R-");
        }

        @Test
        void theLookupFormGoesToTheUserPage() {

            Page page = Staff.helpdesk(app.get(), "hanna").get("/helpdesk/lookup?name=+bob+");

            assertThat(page.status()).isEqualTo(303);
            assertThat(page.location()).isEqualTo("/helpdesk/accounts/123456789012/users/bob");
        }
    }
}
