package io.github.mfaenroll.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry;
import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.identity.Session;
import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.Secrets;
import io.github.mfaenroll.testing.TestApp;
import io.github.mfaenroll.testing.TestAppExtension;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Staff who sign in with the company provider always end up with two factors: the provider's own MFA, proven in the
 * ID token ({@code acr} equal to MFA_OIDC_STAFF_ACR, or an {@code amr} of mfa, otp, hwk or swk), or else the app's
 * own authenticator code, enrolled at the first such sign-in. Employees keep a single-factor company sign-in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OidcStaffSecondFactorTest {

    private static final String STAFF_ACR = "urn:corp:loa:mfa";
    private static final int MAX_FAILURES = 3;
    private static final AtomicInteger NEXT = new AtomicInteger();

    @RegisterExtension
    static final CorpIdentityProvider provider = CorpIdentityProvider.onLoopback();

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.withEnv(() -> provider.appEnv(Map.of("MFA_OIDC_STAFF_ACR", STAFF_ACR,
            "MFA_SIGNIN_MAX_FAILURES", String.valueOf(MAX_FAILURES))));


    /** A staff member's claims: a fresh name (no IAM user: a role-only session), the group, and {@code more}. */
    private static Map<String, Object> staffClaims(String name, String group, Map<String, Object> more) {
        Map<String, Object> claims = new HashMap<>(more);
        claims.put("preferred_username", name);
        claims.put("groups", List.of(group));
        return claims;
    }

    private static String newName() {
        return "agent" + NEXT.incrementAndGet();
    }

    /** The provider's part of a sign-in without proof of MFA; returns the flow, now at the app's second factor. */
    private OidcFlow signInWithPasswordOnly(String name) {
        OidcFlow flow = new OidcFlow(app.get());
        Page callback = flow.signIn("sub-" + name, staffClaims(name, CorpIdentityProvider.HELPDESK_GROUP, Map.of()));
        assertThat(callback.location()).as("callback of a staff sign-in without MFA").isEqualTo("/signin/oidc/totp");
        flow.cookie("mfa_oidc_2fa").ifPresent(Secrets::register);
        return flow;
    }

    /** A first sign-in all the way through the enrollment; returns the phone. */
    private Authenticator enroll(String name) {
        OidcFlow flow = signInWithPasswordOnly(name);
        Authenticator phone = Authenticator.fromScanPage(flow.browser().get("/signin/oidc/totp").body(), app.clock());
        Page signedIn = submitCode(flow.browser(), phone.code(0));
        assertThat(signedIn.location()).isEqualTo("/helpdesk");
        return phone;
    }

    private static Page submitCode(Browser browser, String code) {
        return browser.post("/signin/oidc/totp", Map.of("code", code));
    }

    private List<AuditEntry> audit(AuditAction action, String principal) {
        return app.components().audit().latest(200).stream()
                .filter(e -> e.action() == action && principal.equals(e.actor())).toList();
    }

    @Nested
    class StaffWithoutProofOfMfa {

        @Test
        void getNoSessionAndNoConsoleFromTheProviderSignInAlone() {
            String name = newName();
            OidcFlow flow = new OidcFlow(app.get());

            Page callback = flow.signIn("sub-" + name, staffClaims(name, CorpIdentityProvider.HELPDESK_GROUP, Map.of()));
            Page console = flow.browser().get("/helpdesk");

            assertThat(callback.status()).isEqualTo(303);
            assertThat(callback.location()).isEqualTo("/signin/oidc/totp");
            assertThat(flow.session()).isEmpty();
            assertThat(console.status()).isEqualTo(401);
            assertThat(audit(AuditAction.SECOND_FACTOR_REQUIRED, "oidc:" + name)).hasSize(1);
            assertThat(audit(AuditAction.SIGNED_IN, "oidc:" + name)).isEmpty();
        }

        @Test
        void enrollAnAuthenticatorTheFirstTimeAndThenReachTheConsole() {
            String name = newName();
            OidcFlow flow = signInWithPasswordOnly(name);

            Page enrollPage = flow.browser().get("/signin/oidc/totp");
            Authenticator phone = Authenticator.fromScanPage(enrollPage.body(), app.clock());
            Page afterCode = submitCode(flow.browser(), phone.code(0));
            Page console = flow.browser().get("/helpdesk");

            assertThat(enrollPage.status()).isEqualTo(200);
            assertThat(enrollPage.header("Cache-Control")).isEqualTo("no-store");
            assertThat(enrollPage.body()).contains("src=\"data:image/png;base64,")
                    .contains("action=\"/signin/oidc/totp\"").contains("autocomplete=\"one-time-code\"");
            assertThat(afterCode.status()).isEqualTo(303);
            assertThat(afterCode.location()).isEqualTo("/helpdesk");
            assertThat(console.status()).isEqualTo(200);
            assertThat(flow.session()).get().extracting(Session::principal, Session::role)
                    .containsExactly("oidc:" + name, Role.HELPDESK);
            assertThat(audit(AuditAction.SIGNED_IN, "oidc:" + name)).singleElement()
                    .satisfies(e -> assertThat(e.detail()).contains("app's second factor", "authenticator enrolled")
                            .doesNotContain(phone.base32()));
        }

        @Test
        void typeACodeAtLaterSignInsAndSeeNoKey() {
            String name = newName();
            Authenticator phone = enroll(name);
            app.clock().advance(Duration.ofSeconds(30));
            OidcFlow flow = signInWithPasswordOnly(name);

            Page codePage = flow.browser().get("/signin/oidc/totp");
            Page wrong = submitCode(flow.browser(), phone.code(5));
            Page right = submitCode(flow.browser(), phone.code(0));

            assertThat(codePage.body()).contains("Type the code from your authenticator app")
                    .doesNotContain("setup-key").doesNotContain(phone.base32());
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.body()).contains("That code is not right");
            assertThat(right.location()).isEqualTo("/helpdesk");
            assertThat(flow.browser().get("/helpdesk").status()).isEqualTo(200);
        }

        @Test
        void cannotReuseACodeThatAlreadySignedThemIn() {
            String name = newName();
            OidcFlow first = signInWithPasswordOnly(name);
            Authenticator phone = Authenticator.fromScanPage(first.browser().get("/signin/oidc/totp").body(),
                    app.clock());
            String used = phone.code(0);
            submitCode(first.browser(), used);
            OidcFlow second = signInWithPasswordOnly(name);
            second.browser().get("/signin/oidc/totp");

            Page replayed = submitCode(second.browser(), used);

            assertThat(replayed.status()).isEqualTo(401);
            assertThat(replayed.body()).contains("That code was already used");
            assertThat(second.session()).isEmpty();
        }

        @Test
        void areLockedAfterTooManyWrongCodesLikeLocalAccounts() {
            String name = newName();
            Authenticator phone = enroll(name);
            app.clock().advance(Duration.ofSeconds(30));
            OidcFlow flow = signInWithPasswordOnly(name);
            flow.browser().get("/signin/oidc/totp");
            for (int i = 1; i < MAX_FAILURES; i++) {
                assertThat(submitCode(flow.browser(), phone.code(5)).status()).isEqualTo(401);
            }

            Page locking = submitCode(flow.browser(), phone.code(5));
            Page rightCodeTooLate = submitCode(flow.browser(), phone.code(0));
            OidcFlow again = new OidcFlow(app.get());
            Page signInAgain = again.signIn("sub-" + name, staffClaims(name, CorpIdentityProvider.HELPDESK_GROUP,
                    Map.of()));

            assertThat(locking.status()).isEqualTo(429);
            assertThat(locking.header("Retry-After")).isNotNull();
            assertThat(rightCodeTooLate.status()).isNotIn(200, 303);
            assertThat(flow.session()).isEmpty();
            assertThat(signInAgain.status()).isEqualTo(429);
            assertThat(again.session()).isEmpty();
            assertThat(audit(AuditAction.ACCOUNT_LOCKED, "oidc:" + name)).hasSize(1);
        }

        @Test
        void anAcrOtherThanTheConfiguredOneIsNoProof() {
            String name = newName();
            OidcFlow flow = new OidcFlow(app.get());

            Page callback = flow.signIn("sub-" + name, staffClaims(name, CorpIdentityProvider.HELPDESK_GROUP,
                    Map.of("acr", "urn:corp:loa:password")));

            assertThat(callback.location()).isEqualTo("/signin/oidc/totp");
            assertThat(flow.session()).isEmpty();
        }

        @Test
        void anAmrOfAPasswordAloneIsNoProof() {
            String name = newName();
            OidcFlow flow = new OidcFlow(app.get());

            Page callback = flow.signIn("sub-" + name, staffClaims(name, CorpIdentityProvider.ADMIN_GROUP,
                    Map.of("amr", List.of("pwd"))));

            assertThat(callback.location()).isEqualTo("/signin/oidc/totp");
            assertThat(flow.session()).isEmpty();
            assertThat(flow.browser().get("/helpdesk/compliance").status()).isEqualTo(401);
        }
    }

    @Nested
    class StaffWithProofOfMfa {

        @ParameterizedTest
        @ValueSource(strings = {"mfa", "otp", "hwk", "swk"})
        void goStraightToTheConsoleWithAnAmrOfAStrongMethod(String method) {
            String name = newName();
            OidcFlow flow = new OidcFlow(app.get());

            Page callback = flow.signIn("sub-" + name, staffClaims(name, CorpIdentityProvider.HELPDESK_GROUP,
                    Map.of("amr", List.of("pwd", method))));

            assertThat(callback.location()).isEqualTo("/helpdesk");
            assertThat(flow.session()).get().extracting(Session::role).isEqualTo(Role.HELPDESK);
            assertThat(audit(AuditAction.SIGNED_IN, "oidc:" + name)).singleElement()
                    .satisfies(e -> assertThat(e.detail()).contains("MFA at the provider (amr " + method + ")"));
        }

        @Test
        void goStraightToTheConsoleWithTheConfiguredAcr() {
            String name = newName();
            OidcFlow flow = new OidcFlow(app.get());

            Page callback = flow.signIn("sub-" + name, staffClaims(name, CorpIdentityProvider.ADMIN_GROUP,
                    Map.of("acr", STAFF_ACR)));

            assertThat(callback.location()).isEqualTo("/helpdesk");
            assertThat(flow.session()).get().extracting(Session::role).isEqualTo(Role.ADMIN);
        }
    }

    @Nested
    class Employees {

        @Test
        void keepASingleFactorCompanySignInToTheWizard() {
            OidcFlow flow = new OidcFlow(app.get());

            Page callback = flow.signIn("sub-alice", Map.of("preferred_username", "alice"));

            assertThat(callback.location()).isEqualTo("/enroll");
            assertThat(flow.session()).get().extracting(Session::role, Session::iamUser)
                    .containsExactly(Role.EMPLOYEE, "alice");
        }
    }
}
