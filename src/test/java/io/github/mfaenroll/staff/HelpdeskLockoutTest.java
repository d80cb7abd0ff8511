package io.github.mfaenroll.staff;

import static io.github.mfaenroll.testing.HelpdeskSignIn.newAccountAtLaterCodeStep;
import static io.github.mfaenroll.testing.HelpdeskSignIn.newAccountSignedIn;
import static io.github.mfaenroll.testing.HelpdeskSignIn.newAgentAccount;
import static io.github.mfaenroll.testing.HelpdeskSignIn.enroll;
import static io.github.mfaenroll.testing.HelpdeskSignIn.submitCode;
import static io.github.mfaenroll.testing.HelpdeskSignIn.submitPassword;
import static io.github.mfaenroll.testing.HelpdeskSignIn.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry;
import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.HelpdeskSignIn.CodeStep;
import io.github.mfaenroll.testing.Secrets;
import io.github.mfaenroll.testing.TestAppExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Temporary lockout per account (and per unknown name) and the rate limit per client address. */
class HelpdeskLockoutTest {

    private static final String PASSWORD = Secrets.register("a long and right passphrase");
    private static final String WRONG = Secrets.register("a long but wrong passphrase");
    private static final int MAX_FAILURES = 3;
    private static final Duration LOCKOUT = Duration.ofMinutes(15);

    // A proxy in front is trusted, so a test can speak from its own client address.
    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.withEnv(Map.of(
            "MFA_SIGNIN_MAX_FAILURES", String.valueOf(MAX_FAILURES),
            "MFA_SIGNIN_LOCKOUT", LOCKOUT.toString(), "MFA_TRUST_PROXY", "true", "MFA_ADDRESS_MAX_REQUESTS", "20"));

    @BeforeEach
    void startANewRateLimitWindow() {
        // Here the per-address limit is 20 (not the tests' usual 100000), and every test signs in from 127.0.0.1.
        app.clock().advance(Duration.ofMinutes(11));
    }

    /** A new account whose authenticator is set up (so it can pass both steps). */
    private String newEnrolledAccount() {
        return newAccountSignedIn(app.get(), PASSWORD, false).name();
    }

    /** As many wrong passwords for {@code name} as the limit allows without locking, each refused as wrong. */
    private void wrongPasswordsUpToTheLimit(String name) {
        for (int i = 1; i < MAX_FAILURES; i++) {
            assertThat(submitPassword(app.browser(), name, WRONG).status()).isEqualTo(401);
        }
    }

    @Nested
    class WrongPasswords {

        @Test
        void lockTheAccountAtTheLimitEvenAgainstTheRightPassword() {
            String name = newAgentAccount(app.get(), PASSWORD);
            wrongPasswordsUpToTheLimit(name);

            Page locking = submitPassword(app.browser(), name, WRONG);
            Page rightPassword = submitPassword(app.browser(), name, PASSWORD);

            assertThat(locking.status()).isEqualTo(429);
            assertThat(rightPassword.status()).isEqualTo(429);
            assertThat(rightPassword.body()).contains("Too many sign-in attempts. Try again after")
                    .contains("role=\"alert\"");
            assertThat(Long.parseLong(rightPassword.header("Retry-After"))).isBetween(LOCKOUT.toSeconds() - 5,
                    LOCKOUT.toSeconds() + 1);
            assertThat(app.components().audit().latest(10)).anyMatch(entry ->
                    entry.action() == AuditAction.ACCOUNT_LOCKED && entry.subject().equals("helpdesk:" + name));
        }

        @Test
        void letTheAccountInAgainOnceTheLockoutIsOver() {
            String name = newEnrolledAccount();
            for (int i = 0; i < MAX_FAILURES; i++) {
                submitPassword(app.browser(), name, WRONG);
            }

            app.clock().advance(LOCKOUT.plusSeconds(1));
            Page afterLockout = submitPassword(app.browser(), name, PASSWORD);

            assertThat(afterLockout.status()).isEqualTo(303);
            assertThat(afterLockout.location()).isEqualTo("/signin/totp");
        }

        @Test
        void areForgottenAfterASuccessfulSignIn() {
            String name = newAgentAccount(app.get(), PASSWORD);
            wrongPasswordsUpToTheLimit(name);
            enroll(app.get(), app.browser(), name, PASSWORD);

            Page oneMoreWrong = submitPassword(app.browser(), name, WRONG);

            assertThat(oneMoreWrong.status()).isEqualTo(401);
        }

        @Test
        void lockAnUnknownNameExactlyLikeARealOne() {
            String unknown = uniqueName("nobody");
            wrongPasswordsUpToTheLimit(unknown);

            Page locking = submitPassword(app.browser(), unknown, WRONG);
            Page again = submitPassword(app.browser(), unknown, PASSWORD);

            assertThat(locking.status()).isEqualTo(429);
            assertThat(again.status()).isEqualTo(429);
            assertThat(again.body()).contains("Too many sign-in attempts. Try again after");
        }
    }

    @Nested
    class WrongCodes {

        @Test
        void countTowardsTheSameLockoutAndEndThePendingSignIn() {
            CodeStep later = newAccountAtLaterCodeStep(app.get(), PASSWORD);
            Browser browser = later.browser();
            Authenticator phone = later.phone();
            for (int i = 1; i < MAX_FAILURES; i++) {
                assertThat(submitCode(browser, phone.code(4)).status()).isEqualTo(401);
            }

            Page locking = submitCode(browser, phone.code(4));
            Page rightCodeTooLate = submitCode(browser, phone.code(0));
            Page rightPassword = submitPassword(app.browser(), later.name(), PASSWORD);

            assertThat(locking.status()).isEqualTo(429);
            assertThat(rightCodeTooLate.status()).isEqualTo(401);
            assertThat(rightPassword.status()).isEqualTo(429);
            assertThat(browser.get("/helpdesk").status()).isEqualTo(401);
        }
    }

    @Nested
    class RateLimitPerClientAddress {

        private static final String ADDRESS = "203.0.113.9";

        private Page fromAddress(Browser browser, String name, String password) {
            browser.get("/signin");
            return browser.postRaw("/signin", Map.of("csrf", browser.csrf(), "name", name, "password", password),
                    Map.of("X-Forwarded-For", ADDRESS));
        }

        @Test
        void refusesAttemptsOverTheLimitEvenWithTheRightPasswordAndOnlyFromThatAddress() {
            String name = newEnrolledAccount();
            Browser browser = app.browser();
            for (int i = 0; i < 20; i++) {
                // Twenty different names: no single name reaches its own lockout.
                assertThat(fromAddress(browser, uniqueName("guess"), WRONG).status()).isEqualTo(401);
            }

            Page overTheLimit = fromAddress(browser, name, PASSWORD);
            Page otherAddress = submitPassword(app.browser(), name, PASSWORD);

            assertThat(overTheLimit.status()).isEqualTo(429);
            assertThat(overTheLimit.header("Retry-After")).isNotBlank();
            assertThat(overTheLimit.body()).contains("Too many sign-in attempts. Try again after");
            assertThat(otherAddress.status()).isEqualTo(303);
            List<AuditEntry> audit = app.components().audit().latest(30);
            assertThat(audit).filteredOn(e -> e.detail() != null && e.detail().startsWith("too many sign-in attempts from "
                    + ADDRESS)).hasSize(1);
        }

        @Test
        void liftsTheLimitWhenTheWindowIsOver() {
            String name = newEnrolledAccount();
            Browser browser = app.browser();
            for (int i = 0; i < 21; i++) {
                // Not even valid names: they cost no hashing, and still count against the address.
                fromAddress(browser, "?", WRONG);
            }

            app.clock().advance(Duration.ofMinutes(10));
            Page nextWindow = fromAddress(browser, name, PASSWORD);

            assertThat(nextWindow.status()).isEqualTo(303);
        }
    }
}
