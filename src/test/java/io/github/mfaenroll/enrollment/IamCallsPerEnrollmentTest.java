package io.github.mfaenroll.enrollment;

import static io.github.mfaenroll.testing.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry;
import io.github.mfaenroll.onboarding.OnboardingLinks.IssuedLink;
import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.HttpWizard;
import io.github.mfaenroll.testing.IamCalls;
import io.github.mfaenroll.testing.TestAppExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * IAM calls a whole enrollment costs, counted by the simulator from opening the link to the done page and the mail
 * that tells the owner a device was bound. The account's IAM allowance is shared with every other tool in it, so
 * the count is a budget: a change that adds a call fails here.
 */
class IamCallsPerEnrollmentTest {

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo();

    /** The first enrollment of a process also reads what it then keeps: the account alias and a user's ARN. */
    @BeforeAll
    static void warmUp() {
        String user = app.newUser("warm", true, true);
        HttpWizard.enroll(app.signedInAs(user), app.clock());
        awaitDeviceBoundNotice(user);
    }

    /**
     * Waits for the notice that a device was bound to go out: it leaves on another thread, and reading the address
     * for it is one of the calls counted.
     */
    static void awaitDeviceBoundNotice(String user) {
        await().atMost(Duration.ofSeconds(10)).until(() -> app.audited(user, AuditAction.MAIL_SENT).stream()
                .anyMatch(entry -> entry.detail().startsWith("device-bound notice")));
    }

    /** The calls each action received while {@code walk} ran, once the bound-device mail to {@code user} has gone. */
    private static Map<String, Integer> callsDuring(String user, Runnable walk) {
        return IamCalls.during(app.simulator(), () -> {
            walk.run();
            awaitDeviceBoundNotice(user);
        });
    }

    @Test
    void aWholeEnrollmentMakesFourCallsListCreateEnableAndTheTagsForTheMail() {
        String user = app.newUser("counted", true, true);

        Map<String, Integer> calls = callsDuring(user, () -> {
            Browser person = app.signedInAs(user);
            HttpWizard.enroll(person, app.clock());
            assertThat(person.get("/enroll/done").body()).contains("arn:aws:iam::123456789012:mfa/" + user);
        });

        assertThat(calls).containsExactlyInAnyOrderEntriesOf(Map.of("ListMFADevices", 1,
                "CreateVirtualMFADevice", 1, "EnableMFADevice", 1, "ListUserTags", 1));
    }

    @Test
    void aPersonWhoseInvitationWentToTheirEmailTagMakesThreeTheNoticeGoesWhereTheInvitationWent() {
        String user = app.newUser("invited", true, true);
        IssuedLink link = app.components().links().issue(user(user), null, "test");
        app.components().invitations().mail(link, null, null, "test");

        Map<String, Integer> calls = callsDuring(user, () -> {
            Browser person = app.signedInWith(link.url());
            HttpWizard.enroll(person, app.clock());
            assertThat(person.get("/enroll/done").body()).contains("arn:aws:iam::123456789012:mfa/" + user);
        });

        assertThat(calls).containsExactlyInAnyOrderEntriesOf(Map.of("ListMFADevices", 1,
                "CreateVirtualMFADevice", 1, "EnableMFADevice", 1));
        assertThat(app.audited(user, AuditAction.MAIL_SENT)).extracting(AuditEntry::detail)
                .filteredOn(detail -> detail.startsWith("device-bound notice"))
                .containsExactly("device-bound notice to " + user.charAt(0) + "***@example.com"
                        + " (log-only, SMTP not configured)");
    }

    @Test
    void aLinkMailedToAnAddressGivenByHandStillReadsTheTagForTheNotice() {
        String user = app.newUser("explicit", true, true);
        IssuedLink link = app.components().links().issue(user(user), "someone.else@example.org", "test");
        app.components().invitations().mail(link, "someone.else@example.org", null, "test");

        Map<String, Integer> calls = callsDuring(user, () -> {
            Browser person = app.signedInWith(link.url());
            HttpWizard.enroll(person, app.clock());
        });

        assertThat(calls).containsEntry("ListUserTags", 1);
        assertThat(app.audited(user, AuditAction.MAIL_SENT)).extracting(AuditEntry::detail)
                .filteredOn(detail -> detail.startsWith("device-bound notice"))
                .containsExactly("device-bound notice to " + user.charAt(0) + "***@example.com"
                        + " (log-only, SMTP not configured)");
    }

    @Test
    void aMistakenPairCostsNoCall() {
        String user = app.newUser("mistaken", true, true);

        Map<String, Integer> calls = callsDuring(user, () -> {
            Browser person = app.signedInAs(user);
            Authenticator phone = HttpWizard.startAndReadKey(person, app.clock());
            assertThat(HttpWizard.submitCodes(person, phone.code(0), phone.code(-1)).location())
                    .isEqualTo("/enroll/verify");
            assertThat(HttpWizard.submitCodes(person, phone.code(-1), phone.code(0)).location())
                    .isEqualTo("/enroll/done");
            person.get("/enroll/done");
        });

        assertThat(calls.values().stream().mapToInt(Integer::intValue).sum()).as(calls.toString()).isEqualTo(4);
    }
}
