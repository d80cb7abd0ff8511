package io.github.mfaenroll.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.enforcement.ForceMfaPolicy;
import io.github.mfaenroll.iam.CrossAccountPermissions.AccountSource;
import io.github.mfaenroll.iam.CrossAccountPermissions;
import io.github.mfaenroll.iam.IamPermissions;
import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Staff;
import io.github.mfaenroll.testing.TestAppExtension;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The enforcement helper: AWS's force-MFA policy, the app role's policy, and enroll-by deadlines. */
class EnforcementPageTest {

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo().freshForEachTest();
    private Browser hanna;

    @BeforeEach
    void startApp() {
        hanna = Staff.withSession(app.get(), "helpdesk:hanna", Role.HELPDESK);
    }

    private Page saveDeadline(String user, String date) {
        hanna.get("/helpdesk/enforcement");
        return hanna.post("/helpdesk/deadlines", Map.of("action", "set", "user", user, "enrollBy", date));
    }

    private static String unescaped(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }

    @Nested
    class Policies {

        @Test
        void showsAwsForceMfaPolicyAsPublishedWithItsSource() {

            String page = unescaped(hanna.get("/helpdesk/enforcement").body());

            assertThat(page).contains(ForceMfaPolicy.json().strip())
                    .contains("<a href=\"" + ForceMfaPolicy.SOURCE_URL + "\">IAM: Allows IAM users to self-manage an MFA device</a>");
        }

        @Test
        void theAwsPolicyDeniesAllButMfaSetupWhileMfaIsAbsent() throws Exception {

            JsonNode policy = new ObjectMapper().readTree(ForceMfaPolicy.json());

            JsonNode block = StreamSupport.stream(policy.get("Statement").spliterator(), false)
                    .filter(s -> s.get("Sid").asText().equals("BlockMostAccessUnlessSignedInWithMFA"))
                    .findFirst().orElseThrow();
            assertThat(block.get("Effect").asText()).isEqualTo("Deny");
            assertThat(StreamSupport.stream(block.get("NotAction").spliterator(), false).map(JsonNode::asText))
                    .containsExactly("iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:ListMFADevices",
                            "iam:ListUsers", "iam:ListVirtualMFADevices", "iam:ResyncMFADevice");
            assertThat(block.get("Resource").asText()).isEqualTo("*");
            assertThat(block.at("/Condition/BoolIfExists/aws:MultiFactorAuthPresent").asText()).isEqualTo("false");
        }

        @Test
        void recommendsAPolicyThatKeepsNoMfaActionOpenForPeopleWhoEnrollHere() throws Exception {

            String page = unescaped(hanna.get("/helpdesk/enforcement").body());
            JsonNode policy = new ObjectMapper().readTree(ForceMfaPolicy.appManagedJson());

            assertThat(page).contains(ForceMfaPolicy.appManagedJson().strip());
            assertThat(page.indexOf(ForceMfaPolicy.appManagedJson().strip()))
                    .as("shown before AWS's").isLessThan(page.indexOf(ForceMfaPolicy.json().strip()));
            assertThat(policy.get("Statement")).hasSize(1);
            JsonNode deny = policy.get("Statement").get(0);
            assertThat(deny.get("Effect").asText()).isEqualTo("Deny");
            assertThat(StreamSupport.stream(deny.get("NotAction").spliterator(), false).map(JsonNode::asText))
                    .containsExactly("iam:ChangePassword", "iam:GetAccountPasswordPolicy", "sts:GetSessionToken")
                    .noneMatch(action -> action.contains("MFA"));
            assertThat(deny.get("Resource").asText()).isEqualTo("*");
            assertThat(deny.at("/Condition/BoolIfExists/aws:MultiFactorAuthPresent").asText()).isEqualTo("false");
        }

        @Test
        void showsTheAppRolesPolicyBuiltFromIamPermissions() {

            String page = unescaped(hanna.get("/helpdesk/enforcement").body());

            assertThat(page).contains(IamPermissions.policyJson("aws", "*").strip())
                    .contains("\"Resource\": \"arn:aws:iam::*:mfa/*\"");
        }

        @Test
        void showsWhatSeveralAccountsAddAndTheMemberRolesTrustPolicy() throws Exception {

            String page = unescaped(hanna.get("/helpdesk/enforcement").body());

            String accounts = CrossAccountPermissions.appRolePolicyJson(AccountSource.ORGANIZATION, "aws", "mfa-enroll");
            String trust = CrossAccountPermissions.memberTrustPolicyJson(
                    "arn:aws:iam::APP_ACCOUNT_ID:role/APP_ROLE_NAME", "YOUR_EXTERNAL_ID");
            assertThat(page).contains(accounts.strip()).contains(trust.strip())
                    .contains("The mfa-enroll role in every other account");
            assertThat(page.indexOf(IamPermissions.policyJson("aws", "*").strip()))
                    .as("after the app role's own policy").isLessThan(page.indexOf(accounts.strip()));
            JsonNode assume = new ObjectMapper().readTree(accounts).get("Statement").get(1);
            assertThat(assume.get("Resource").asText()).isEqualTo("arn:aws:iam::*:role/mfa-enroll");
        }
    }

    @Nested
    class Deadlines {

        @Test
        void aDeadlineIsSavedListedAndAudited() {

            Page saved = saveDeadline("alice", "2026-12-01");

            assertThat(saved.status()).isEqualTo(303);
            assertThat(saved.location()).isEqualTo("/helpdesk/enforcement#deadlines");
            String page = hanna.get("/helpdesk/enforcement").body();
            assertThat(page).contains("The deadline was saved.")
                    .contains("<a href=\"/helpdesk/accounts/123456789012/users/alice/live\">alice</a>")
                    .contains("December 1, 2026").contains("8 days left").contains("helpdesk:hanna");
            assertThat(app.audited("alice", AuditAction.DEADLINE_SET)).singleElement().satisfies(e -> {
                assertThat(e.actor()).isEqualTo("helpdesk:hanna");
                assertThat(e.detail()).isEqualTo("enroll by 2026-12-01");
            });
        }

        @Test
        void savingAgainMovesTheDeadline() {
            saveDeadline("bob", "2026-12-01");

            saveDeadline("bob", "2026-11-23");

            assertThat(hanna.get("/helpdesk/enforcement").body()).contains("Due today")
                    .doesNotContain("December 1, 2026");
        }

        @Test
        void aDeadlineIsRemovedAndTheRemovalAudited() {
            saveDeadline("bob", "2026-12-01");
            hanna.get("/helpdesk/enforcement");

            hanna.post("/helpdesk/deadlines", Map.of("action", "clear", "user", "bob"));

            assertThat(hanna.get("/helpdesk/enforcement").body()).contains("The deadline was removed.")
                    .contains("No deadlines are set.");
            assertThat(app.audited("bob", AuditAction.DEADLINE_CLEARED)).hasSize(1);
        }

        @Test
        void aUserIamDoesNotKnowIsRefused() {

            saveDeadline("nobody", "2026-12-01");

            assertThat(hanna.get("/helpdesk/enforcement").body())
                    .contains("There is no AWS user with that name. Nothing was saved.");
        }

        @Test
        void aDateInThePastIsRefused() {

            saveDeadline("alice", "2026-11-22");

            assertThat(hanna.get("/helpdesk/enforcement").body()).contains("That date is in the past.")
                    .contains("No deadlines are set.");
        }

        @Test
        void somethingThatIsNotADateOrNotAUserNameIsRefused() {

            saveDeadline("alice", "next friday");
            String notADate = hanna.get("/helpdesk/enforcement").body();
            saveDeadline("alice smith", "2026-12-01");
            String notAName = hanna.get("/helpdesk/enforcement").body();

            assertThat(notADate).contains("Enter the date as year-month-day");
            assertThat(notAName).contains("That is not an AWS user name");
            assertThat(app.audited("alice", AuditAction.DEADLINE_SET)).isEmpty();
        }

        @Test
        void anEmployeeCannotSetADeadline() {
            Browser alice = app.signedInAs("alice");
            alice.get("/enroll");

            Page refused = alice.post("/helpdesk/deadlines", Map.of("action", "clear", "user", "bob"));

            assertThat(refused.status()).isEqualTo(403);
        }
    }
}
