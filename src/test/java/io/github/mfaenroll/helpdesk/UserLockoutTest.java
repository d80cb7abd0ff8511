package io.github.mfaenroll.helpdesk;

import static io.github.mfaenroll.testing.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry;
import io.github.mfaenroll.limits.UserLockouts;
import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.HttpWizard;
import io.github.mfaenroll.testing.Mailbox;
import io.github.mfaenroll.testing.ReceivedMail;
import io.github.mfaenroll.testing.Staff;
import io.github.mfaenroll.testing.TestAppExtension;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * At most 100 failed verifications per IAM user in any rolling hour, wizard and resync together: the one that reaches
 * it locks the user out (a page that says so, an audit entry, a mail), and the helpdesk sees and lifts it. Over HTTP
 * against the simulator, with a real SMTP server.
 */
class UserLockoutTest {

    private static final String LOCKED_PAGE = "too many wrong codes for your AWS user";
    private static final String LOCKED_SUBJECT = "MFA setup for your AWS user %s is locked";
    @RegisterExtension
    static final Mailbox mailbox = Mailbox.onLoopback();

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.withEnv(() -> {
        Map<String, String> env = new HashMap<>(mailbox.appSettings());
        // Twenty enrollments in a row: IAM's client-side pace would make this test wait, not test more.
        env.put("MFA_IAM_MAX_CALLS_PER_SECOND", "1000");
        // The same for the hourly limit on setups: this test counts failures across many of them.
        env.put("MFA_ENROLLMENT_STARTS_PER_HOUR", "1000");
        return env;
    });

    private String newUser() {
        return app.newUser("locked", true, true);
    }

    /** Records {@code count} failures of {@code user}, as wrong code pairs in the wizard would. */
    private void recordFailures(String user, int count) {
        for (int i = 0; i < count; i++) {
            app.components().userLockouts().recordFailure(user(user), "a test failure");
        }
    }

    /** Binds a phone through the wizard in this session; returns the device's serial. */
    private String enroll(Browser person, String user) {
        Authenticator phone = HttpWizard.startAndReadKey(person, app.clock());
        assertThat(person.post("/enroll/verify", Map.of("code1", phone.code(-1), "code2", phone.code(0))).location())
                .isEqualTo("/enroll/done");
        person.get("/enroll/done");
        return app.simulator().assignedSerials(user).get(0);
    }

    /** Starts a setup and sends five pairs that belong to no key: the setup ends after the fifth. */
    private Page failOneEnrollment(Browser person) {
        person.get("/enroll");
        assertThat(person.post("/enroll/start", Map.of()).location()).isEqualTo("/enroll/scan");
        Page last = null;
        for (int pair = 0; pair < 5; pair++) {
            last = person.post("/enroll/verify", Map.of("code1", "123456", "code2", "654321"));
        }
        return last;
    }

    private Page failOneResync(Browser person, String serial, int attempt) {
        // A different pair each time: the replay guard would refuse a repeat before AWS sees it.
        return person.post("/enroll/resync", Map.of("serial", serial,
                "code1", String.format("%06d", 100_000 + 2 * attempt), "code2", String.format("%06d", 100_001 + 2 * attempt)));
    }

    /** The lockout notices to the user, once at least one has arrived (the app mails in the background). */
    private List<ReceivedMail> lockoutNotices(String user) {
        String subject = String.format(LOCKED_SUBJECT, user);
        return await("a lockout notice to " + user).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> mailbox.to(user + "@example.com").stream().filter(m -> m.subject().equals(subject))
                        .toList(), mails -> !mails.isEmpty());
    }

    @Test
    void aHundredFailuresAcrossEnrollmentsAndResyncsLockTheUserOutUntilTheHelpdeskLiftsIt() throws Exception {
        String user = newUser();
        Browser person = app.signedInAs(user);
        String serial = enroll(person, user);
        for (int enrollment = 0; enrollment < 19; enrollment++) {
            assertThat(failOneEnrollment(person).status()).as("setup %d ends after five pairs", enrollment)
                    .isEqualTo(410);
        }
        int resyncsBefore = app.simulator().requestCount("ResyncMFADevice");
        for (int attempt = 0; attempt < 4; attempt++) {
            assertThat(failOneResync(person, serial, attempt).status()).isEqualTo(303);
        }
        assertThat(app.components().userLockouts().active(user(user))).as("99 failures are within the limit").isEmpty();

        Page hundredth = failOneResync(person, serial, 4);
        Page startPage = person.get("/enroll");
        Page startAgain = person.post("/enroll/start", Map.of());
        Page resyncAgain = failOneResync(person, serial, 5);

        assertThat(hundredth.status()).isEqualTo(429);
        assertThat(hundredth.body()).contains(LOCKED_PAGE).contains("Contact your IT helpdesk")
                .doesNotContain("100000").doesNotContain("100008");
        assertThat(startPage.body()).contains(LOCKED_PAGE).doesNotContain("action=\"/enroll/start\"");
        assertThat(startAgain.status()).isEqualTo(429);
        assertThat(startAgain.body()).contains(LOCKED_PAGE);
        assertThat(resyncAgain.status()).isEqualTo(429);
        assertThat(app.simulator().requestCount("ResyncMFADevice") - resyncsBefore)
                .as("a locked-out user reaches AWS no more").isEqualTo(5);
        List<AuditEntry> lockedOut = app.audited(user, AuditAction.USER_LOCKED_OUT);
        assertThat(lockedOut).hasSize(1);
        assertThat(lockedOut.get(0).actor()).isEqualTo("system");
        assertThat(lockedOut.get(0).detail()).startsWith("100 failed verifications within an hour");
        List<ReceivedMail> notices = lockoutNotices(user);
        assertThat(notices).hasSize(1);
        assertThat(notices.get(0).text()).contains("too many wrong codes").contains("Locked until:")
                .contains("contact your IT helpdesk").doesNotContain("/onboard/").doesNotContain("100008");

        Browser staff = Staff.helpdesk(app.get(), "hanna");
        Page userPage = staff.get("/helpdesk/accounts/123456789012/users/" + user);
        Page list = staff.get("/helpdesk/lockouts");
        Page home = staff.get("/helpdesk");
        Page unconfirmed = staff.post("/helpdesk/accounts/123456789012/users/" + user + "/lockout/lift", Map.of());
        staff.get("/helpdesk/accounts/123456789012/users/" + user);
        Page lifted = staff.post("/helpdesk/accounts/123456789012/users/" + user + "/lockout/lift", Map.of("confirm", "yes"));
        Page afterLift = staff.get(lifted.location());

        assertThat(userPage.body()).contains("Locked out of MFA setup").contains("100 failed verifications")
                .contains("Lift lockout");
        assertThat(list.body()).contains(">" + user + "</a>");
        assertThat(home.body()).contains("1 user locked out");
        assertThat(unconfirmed.status()).isEqualTo(400);
        assertThat(unconfirmed.body()).contains("id=\"lockout-error\"").contains("aria-describedby=\"lockout-error\"");
        assertThat(lifted.status()).isEqualTo(303);
        assertThat(afterLift.body()).contains("The lockout was lifted").doesNotContain("Lift lockout");
        List<AuditEntry> liftedEntries = app.audited(user, AuditAction.LOCKOUT_LIFTED).stream()
                .filter(e -> e.outcome() == AuditEntry.Outcome.SUCCESS).toList();
        assertThat(liftedEntries).hasSize(1);
        assertThat(liftedEntries.get(0).actor()).isEqualTo("helpdesk:hanna");

        Page enrollsAgain = HttpWizard.pressStart(person);

        assertThat(enrollsAgain.status()).isEqualTo(303);
        assertThat(enrollsAgain.location()).isEqualTo("/enroll/scan");
    }

    @Test
    void theFailureThatReachesTheLimitInTheWizardEndsTheSetupAndDeletesItsDevice() throws Exception {
        String user = newUser();
        recordFailures(user, 99);
        Browser person = app.signedInAs(user);
        HttpWizard.pressStart(person);
        person.get("/enroll/verify");

        Page hundredth = person.post("/enroll/verify", Map.of("code1", "123456", "code2", "654321"));

        assertThat(hundredth.status()).isEqualTo(429);
        assertThat(hundredth.body()).contains(LOCKED_PAGE);
        int running = app.components().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM active_enrollments WHERE iam_user = :user").bind("user", user)
                .mapTo(Integer.class).one());
        assertThat(running).as("no enrollment runs any more").isZero();
        assertThat(app.simulator().virtualDeviceSerials()).as("the unfinished device was deleted")
                .noneMatch(serial -> serial.contains(":mfa/" + user + "-"));
        assertThat(app.audited(user, AuditAction.ENROLLMENT_FAILED)).extracting(AuditEntry::detail).contains("locked_out");
        assertThat(lockoutNotices(user)).hasSize(1);
    }

    @Nested
    class TheCount {

        @Test
        void forgetsFailuresOlderThanAnHour() {
            String user = newUser();
            UserLockouts lockouts = app.components().userLockouts();
            recordFailures(user, 99);
            app.clock().advance(Duration.ofMinutes(61));

            boolean locked = lockouts.recordFailure(user(user), "a test failure");

            assertThat(locked).isFalse();
            assertThat(lockouts.active(user(user))).isEmpty();
        }

        @Test
        void isPerUser() {
            String many = newUser();
            String one = newUser();
            UserLockouts lockouts = app.components().userLockouts();
            recordFailures(many, 99);

            boolean otherLocked = lockouts.recordFailure(user(one), "a test failure");
            boolean manyLocked = lockouts.recordFailure(user(many), "a test failure");

            assertThat(otherLocked).isFalse();
            assertThat(manyLocked).isTrue();
            assertThat(lockouts.activeLockouts()).extracting(UserLockouts.Lockout::user).contains(user(many))
                    .doesNotContain(user(one));
        }

        @Test
        void endsWhenTheLockoutTimeIsOverAndStartsAgainFromZero() {
            String user = newUser();
            UserLockouts lockouts = app.components().userLockouts();
            recordFailures(user, 100);
            assertThat(lockouts.active(user(user))).isPresent();

            app.clock().advance(Duration.ofHours(24).plusSeconds(1));
            boolean afterwards = lockouts.recordFailure(user(user), "a test failure");

            assertThat(lockouts.active(user(user))).isEmpty();
            assertThat(afterwards).isFalse();
        }
    }

    @Test
    void liftingWhenNoLockoutIsActiveIsRefusedAndAudited() {
        String user = newUser();
        Browser staff = Staff.helpdesk(app.get(), "hanna");
        staff.get("/helpdesk/accounts/123456789012/users/" + user);

        Page refused = staff.post("/helpdesk/accounts/123456789012/users/" + user + "/lockout/lift", Map.of("confirm", "yes"));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("This user is not locked out");
        assertThat(app.audited(user, AuditAction.LOCKOUT_LIFTED)).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(AuditEntry.Outcome.DENIED));
    }
}
