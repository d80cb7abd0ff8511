package io.github.mfaenroll.helpdesk;

import static io.github.mfaenroll.testing.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry.Outcome;
import io.github.mfaenroll.audit.AuditEntry;
import io.github.mfaenroll.onboarding.OnboardingLinks.IssuedLink;
import io.github.mfaenroll.onboarding.OnboardingLinks.Status;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Mailbox;
import io.github.mfaenroll.testing.ReceivedMail;
import io.github.mfaenroll.testing.Secrets;
import io.github.mfaenroll.testing.Staff;
import io.github.mfaenroll.testing.TestApp;
import io.github.mfaenroll.testing.TestAppExtension;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Issuing, resending and revoking links from the user page, with mail to a real SMTP server. */
class LinkActionsTest {

    @RegisterExtension
    static final Mailbox mailbox = Mailbox.onLoopback();

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.withEnv(() -> mailbox.appSettings());

    /** A new IAM user with a console password, no MFA and (optionally) an email tag. */
    private String newUser(boolean withEmail) {
        return app.newUser("user", true, withEmail);
    }

    /** A staff browser that opened the user's page (so its forms' CSRF token is loaded). */
    private Browser staffOn(String name) {
        return Staff.helpdeskOnUserPage(app.get(), "hanna", name);
    }

    /** Staff press "issue a link" on {@code name}'s page with {@code form} (the confirmation, and any options). */
    private static Page issue(Browser staff, String name, Map<String, String> form) {
        return staff.post("/helpdesk/accounts/123456789012/users/" + name + "/links", form);
    }

    /** A link for {@code user} that another agent issued earlier; its token is registered as a secret. */
    private IssuedLink issuedEarlier(String user) {
        IssuedLink link = app.components().links().issue(user(user), null, "helpdesk:maria");
        Secrets.register(TestApp.tokenOf(link.url()));
        return link;
    }

    /** Staff press a link's button ({@code resend} or {@code revoke}) on {@code name}'s page, confirmation ticked. */
    private static Page onLink(Browser staff, String name, String action, String linkId) {
        return staff.post("/helpdesk/accounts/123456789012/users/" + name + "/links/" + action, Map.of("link", linkId, "confirm", "yes"));
    }

    /** What the link store says of this link now. */
    private static Status statusOf(URI link) {
        return app.components().links().inspect(TestApp.tokenOf(link)).status();
    }

    private List<AuditEntry> audit(String name) {
        return app.components().audit().forUser(user(name), 50);
    }

    /** The user's audit trail holds each of these actions, done by hanna and successful. */
    private void assertHannaSucceeded(String name, AuditAction... actions) {
        List<AuditEntry> trail = audit(name);
        for (AuditAction action : actions) {
            assertThat(trail).anyMatch(e -> entry(e, action, Outcome.SUCCESS, "helpdesk:hanna"));
        }
    }

    private static boolean entry(AuditEntry e, AuditAction action, Outcome outcome, String actor) {
        return e.action() == action && e.outcome() == outcome && e.actor().equals(actor);
    }

    @Nested
    class Issue {

        @Test
        void mailsALinkToTheEmailTagAndAuditsWhoSentIt() {
            String name = newUser(true);

            Page answer = issue(staffOn(name), name, Map.of("confirm", "yes"));

            assertThat(answer.status()).isEqualTo(303);
            assertThat(answer.location()).isEqualTo("/helpdesk/accounts/123456789012/users/" + name);
            List<ReceivedMail> mails = mailbox.to(name + "@example.com");
            assertThat(mails).hasSize(1);
            assertThat(mails.get(0).text()).contains("helpdesk:hanna");
            assertThat(statusOf(mails.get(0).link())).isEqualTo(Status.VALID);
            assertHannaSucceeded(name, AuditAction.LINK_ISSUED, AuditAction.MAIL_SENT);
        }

        @Test
        void theUserPageSaysSoAfterTheRedirect() {
            String name = newUser(true);
            Browser staff = staffOn(name);
            issue(staff, name, Map.of("confirm", "yes"));

            Page page = staff.get("/helpdesk/accounts/123456789012/users/" + name);

            assertThat(page.body()).contains("role=\"status\"").contains("A new onboarding link was emailed to the user.")
                    .contains("Valid, not used yet");
        }

        @Test
        void withoutAnAddressShowsTheLinkOnceInTheAnswerAndNowhereElse() {
            String name = newUser(false);
            Browser staff = staffOn(name);

            Page answer = issue(staff, name, Map.of("confirm", "yes"));

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
            URI link = linkOn(answer.body());
            assertThat(statusOf(link)).isEqualTo(Status.VALID);
            assertThat(staff.get("/helpdesk/accounts/123456789012/users/" + name).body()).doesNotContain(TestApp.tokenOf(link));
            assertThat(audit(name)).noneMatch(e -> String.valueOf(e.detail()).contains(TestApp.tokenOf(link)))
                    .anyMatch(e -> entry(e, AuditAction.MAIL_FAILED, Outcome.FAILURE, "helpdesk:hanna"));
        }

        @Test
        void aUserWhoAlreadyHasMfaIsRefusedAsCompliant() {

            Page answer = issue(staffOn("carol"), "carol", Map.of("confirm", "yes"));

            assertThat(answer.status()).isEqualTo(409);
            assertThat(answer.body()).contains("This user already has MFA, so they are compliant")
                    .contains("href=\"/helpdesk/accounts/123456789012/users/carol\"");
            assertThat(app.components().links().forUser(user("carol"))).isEmpty();
            assertThat(audit("carol")).anyMatch(e -> entry(e, AuditAction.LINK_ISSUED, Outcome.DENIED, "helpdesk:hanna")
                    && e.detail().contains("already has MFA"));
        }

        @Test
        void allowingAnotherDeviceGivesALinkThatStartsASetupForAUserWithMfa() {
            String name = newUser(true);
            app.simulator().addAssignedVirtualDevice(name, name + "-phone");
            issue(staffOn(name), name, Map.of("confirm", "yes", "allowAdditionalDevice", "yes"));
            URI link = mailbox.to(name + "@example.com").get(0).link();
            Browser employee = app.browser();
            employee.get(link.toString());
            employee.post("/onboard", Map.of("token", TestApp.tokenOf(link)));
            employee.get("/enroll");

            Page started = employee.post("/enroll/start", Map.of());

            assertThat(started.status()).isEqualTo(303);
            assertThat(started.location()).isEqualTo("/enroll/scan");
            assertThat(audit(name)).anyMatch(e -> e.action() == AuditAction.ENROLLMENT_STARTED
                    && e.detail().contains("additional device allowed by a helpdesk link"))
                    .anyMatch(e -> e.action() == AuditAction.LINK_ISSUED
                            && e.detail().contains("allows adding a device to existing MFA"));
        }

        @Test
        void anOrdinaryLinkStillCannotAddADeviceToAUserWithMfa() {
            String name = newUser(true);
            app.simulator().addAssignedVirtualDevice(name, name + "-phone");
            Browser employee = app.signedInAs(name);
            employee.get("/enroll");

            Page started = employee.post("/enroll/start", Map.of());

            assertThat(started.status()).isEqualTo(409);
        }

        @Test
        void withoutTheConfirmationNothingIsIssuedAndTheFormSaysWhy() {
            String name = newUser(true);

            Page answer = issue(staffOn(name), name, Map.of());

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body()).contains("<div class=\"notice error\" role=\"alert\" id=\"issue-error\">")
                    .contains("aria-describedby=\"issue-error\"").contains("Tick the confirmation box");
            assertThat(app.components().links().forUser(user(name))).isEmpty();
        }

        @Test
        void anUnknownUserIsNotFoundAndAudited() {

            Page answer = issue(staffOn("alice"), "nobody-here", Map.of("confirm", "yes"));

            assertThat(answer.status()).isEqualTo(404);
            assertThat(audit("nobody-here")).anyMatch(e -> entry(e, AuditAction.LINK_ISSUED, Outcome.DENIED,
                    "helpdesk:hanna") && e.detail().equals("no such IAM user"));
        }

        @Test
        void anIamFailureIsAPageWithTheReferenceThatIsInTheAuditTrail() {
            String name = newUser(true);
            Browser staff = staffOn(name);
            app.simulator().failNext("ListMFADevices", 3, 500, "ServiceFailure", "boom");

            Page answer = issue(staff, name, Map.of("confirm", "yes"));

            assertThat(answer.status()).isEqualTo(503);
            AuditEntry failure = audit(name).stream()
                    .filter(e -> entry(e, AuditAction.LINK_ISSUED, Outcome.FAILURE, "helpdesk:hanna")).findFirst()
                    .orElseThrow();
            assertThat(answer.body()).contains("Reference for the helpdesk: " + failure.reference());
            assertThat(app.components().links().forUser(user(name))).isEmpty();
        }

        @Test
        void anEmployeeIsForbiddenAndTheAttemptIsAudited() {
            Browser alice = app.signedInAs("alice");
            alice.get("/enroll");

            Page answer = alice.post("/helpdesk/accounts/123456789012/users/bob/links", Map.of("confirm", "yes"));

            assertThat(answer.status()).isEqualTo(403);
            assertThat(audit("bob")).anyMatch(e -> entry(e, AuditAction.ACCESS_DENIED, Outcome.DENIED, "link:alice")
                    && e.detail().equals("POST /helpdesk/accounts/{account}/users/{name}/links"));
        }
    }

    @Nested
    class Resend {

        @Test
        void revokesTheOldLinkAndMailsANewOne() {
            String name = newUser(true);
            IssuedLink old = issuedEarlier(name);

            Page answer = onLink(staffOn(name), name, "resend", old.id());

            assertThat(answer.status()).isEqualTo(303);
            assertThat(statusOf(old.url())).isEqualTo(Status.REVOKED);
            URI fresh = mailbox.to(name + "@example.com").get(0).link();
            assertThat(statusOf(fresh)).isEqualTo(Status.VALID);
            assertHannaSucceeded(name, AuditAction.LINK_RESENT, AuditAction.LINK_REVOKED);
        }

        @Test
        void aUsedLinkIsRefusedAndNothingIsSent() {
            String name = newUser(true);
            IssuedLink old = issuedEarlier(name);
            app.components().links().claimLink(TestApp.tokenOf(old.url()), "127.0.0.1");

            Page answer = onLink(staffOn(name), name, "resend", old.id());

            assertThat(answer.status()).isEqualTo(409);
            assertThat(answer.body()).contains("This link was already used, revoked or has expired.");
            assertThat(mailbox.to(name + "@example.com")).isEmpty();
            assertThat(audit(name)).anyMatch(e -> entry(e, AuditAction.LINK_RESENT, Outcome.DENIED, "helpdesk:hanna"));
        }

        @Test
        void anotherUsersLinkIsNotFound() {
            String name = newUser(true);
            IssuedLink bobs = issuedEarlier("bob");

            Page answer = onLink(staffOn(name), name, "resend", bobs.id());

            assertThat(answer.status()).isEqualTo(404);
            assertThat(app.components().links().statusOf(app.components().links().find(bobs.id()).orElseThrow()))
                    .isEqualTo(Status.VALID);
        }
    }

    @Nested
    class Revoke {

        @Test
        void theRevokedLinkNoLongerWorks() {
            String name = newUser(true);
            IssuedLink link = issuedEarlier(name);
            Browser staff = staffOn(name);

            Page answer = onLink(staff, name, "revoke", link.id());

            assertThat(answer.status()).isEqualTo(303);
            assertThat(statusOf(link.url())).isEqualTo(Status.REVOKED);
            assertThat(staff.get(answer.location()).body()).contains("The link was revoked.");
            assertHannaSucceeded(name, AuditAction.LINK_REVOKED);
        }

        @Test
        void anUnknownLinkIsNotFoundAndAudited() {
            String name = newUser(true);

            Page answer = onLink(staffOn(name), name, "revoke", "not-a-link");

            assertThat(answer.status()).isEqualTo(404);
            assertThat(audit(name)).anyMatch(e -> entry(e, AuditAction.LINK_REVOKED, Outcome.DENIED, "helpdesk:hanna"));
        }
    }

    private static URI linkOn(String html) {
        Matcher link = Pattern.compile("value=\"(http://[^\"]+/onboard/[A-Za-z0-9_-]{43})\"").matcher(html);
        assertThat(link.find()).as("the page shows the link").isTrue();
        Secrets.register(link.group(1).substring(link.group(1).lastIndexOf('/') + 1));
        return URI.create(link.group(1));
    }
}
