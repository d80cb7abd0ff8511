package io.github.mfaenroll.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry;
import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.identity.Session;
import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Secrets;
import io.github.mfaenroll.testing.TestApp;
import io.github.mfaenroll.testing.TestAppExtension;
import java.net.URI;
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
 * own authenticator code. That authenticator is enrolled only with an administrator's one-time setup link claimed
 * during a company sign-in of the same principal, never with the company password alone (no trust on first use).
 * Staff records are bound to the provider's subject, not the editable user name. Employees keep a single-factor
 * company sign-in.
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

    /** An administrator's setup link for the company account {@code name}; returns the token. */
    private static String issueLink(String name) {
        URI url = app.components().staffSecondFactors().issueSetupLink(name, "cli:test").url();
        assertThat(url.getPath()).startsWith("/signin/oidc/setup/");
        return Secrets.register(TestApp.tokenOf(url));
    }

    /** Opens the link page (as the person does, which also gives the form its CSRF token) and presses its button. */
    private static Page claimLink(Browser browser, String token) {
        Page page = browser.get("/signin/oidc/setup/" + token);
        assertThat(page.status()).as("setup link page").isIn(200, 410);
        return browser.post("/signin/oidc/setup", Map.of("token", token));
    }

    /** A first sign-in with the administrator's setup link, all the way through the enrollment; returns the phone. */
    private Authenticator enroll(String name) {
        String token = issueLink(name);
        OidcFlow flow = signInWithPasswordOnly(name);
        Page claimed = claimLink(flow.browser(), token);
        assertThat(claimed.location()).as("claimed setup link").isEqualTo("/signin/oidc/totp");
        flow.cookie("mfa_oidc_2fa").ifPresent(Secrets::register);
        Authenticator phone = Authenticator.fromScanPage(flow.browser().get("/signin/oidc/totp").body(), app.clock());
        Page signedIn = submitCode(flow.browser(), phone.code(0));
        assertThat(signedIn.location()).isEqualTo("/helpdesk");
        return phone;
    }

    /**
     * A principal with the app's authenticator signing in again half a minute after enrolling (so the enrollment's
     * code is no longer the current one): the provider's part is done and the browser has opened the code page.
     */
    private LaterSignIn enrolledAndSigningInAgain(String name) {
        Authenticator phone = enroll(name);
        app.clock().advance(Duration.ofSeconds(30));
        OidcFlow flow = signInWithPasswordOnly(name);
        Page codePage = flow.browser().get("/signin/oidc/totp");
        return new LaterSignIn(phone, flow, codePage);
    }

    /** A later sign-in on the app's code page: the phone holding the key, the flow, and the code page it showed. */
    private record LaterSignIn(Authenticator phone, OidcFlow flow, Page codePage) {
    }

    /** How many keys the app holds for this principal: enrolled or offered in a pending step. */
    private static int keysFor(String principal) {
        return app.components().database().jdbi().withHandle(h -> h.createQuery("""
                        SELECT (SELECT COUNT(*) FROM oidc_staff WHERE principal = :p AND totp_ciphertext IS NOT NULL)
                             + (SELECT COUNT(*) FROM oidc_staff_pending
                                WHERE principal = :p AND enrollment_ciphertext IS NOT NULL)""")
                .bind("p", principal).mapTo(Integer.class).one());
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
        void withoutAnAuthenticatorGetNoKeyAndNoSessionFromTheCompanyPasswordAlone() {
            String name = newName();
            OidcFlow flow = signInWithPasswordOnly(name);

            Page step = flow.browser().get("/signin/oidc/totp");
            Page guessedCode = flow.browser().post("/signin/oidc/totp", Map.of("code", "123456"));

            assertThat(step.status()).isEqualTo(403);
            assertThat(step.header("Cache-Control")).isEqualTo("no-store");
            assertThat(step.body()).contains("Ask an administrator for a one-time setup link")
                    .contains("require multi-factor authentication")
                    .doesNotContain("setup-key").doesNotContain("data:image/png").doesNotContain("otpauth:")
                    .doesNotContain("action=\"/signin/oidc/totp\"");
            assertThat(guessedCode.status()).isEqualTo(403);
            assertThat(guessedCode.body()).contains("Ask an administrator for a one-time setup link");
            assertThat(keysFor("oidc:" + name)).isZero();
            assertThat(flow.session()).isEmpty();
            assertThat(flow.browser().get("/helpdesk").status()).isEqualTo(401);
            assertThat(audit(AuditAction.SIGNED_IN, "oidc:" + name)).isEmpty();
            assertThat(audit(AuditAction.SIGN_IN_FAILED, "oidc:" + name)).singleElement()
                    .satisfies(e -> assertThat(e.detail()).contains("no session and no key",
                            "administrator's setup link"));
        }

        @Test
        void enrollWithAnAdministratorsSetupLinkAndTheirCompanySignInThenReachTheConsole() {
            String name = newName();
            String token = issueLink(name);
            OidcFlow flow = signInWithPasswordOnly(name);

            Page linkPage = flow.browser().get("/signin/oidc/setup/" + token);
            Page claimed = flow.browser().post("/signin/oidc/setup", Map.of("token", token));
            flow.cookie("mfa_oidc_2fa").ifPresent(Secrets::register);
            Page enrollPage = flow.browser().get("/signin/oidc/totp");
            Authenticator phone = Authenticator.fromScanPage(enrollPage.body(), app.clock());
            Page afterCode = submitCode(flow.browser(), phone.code(0));
            Page console = flow.browser().get("/helpdesk");

            assertThat(linkPage.status()).isEqualTo(200);
            assertThat(linkPage.body()).contains("oidc:" + name).contains("action=\"/signin/oidc/setup\"")
                    .contains("name=\"csrf\"");
            assertThat(claimed.status()).isEqualTo(303);
            assertThat(claimed.location()).isEqualTo("/signin/oidc/totp").doesNotContain(token);
            assertThat(enrollPage.status()).isEqualTo(200);
            assertThat(enrollPage.header("Cache-Control")).isEqualTo("no-store");
            assertThat(enrollPage.body()).contains("src=\"data:image/png;base64,")
                    .contains("action=\"/signin/oidc/totp\"").contains("autocomplete=\"one-time-code\"");
            assertThat(afterCode.status()).isEqualTo(303);
            assertThat(afterCode.location()).isEqualTo("/helpdesk");
            assertThat(console.status()).isEqualTo(200);
            assertThat(flow.session()).get().extracting(Session::principal, Session::role)
                    .containsExactly("oidc:" + name, Role.HELPDESK);
            assertThat(audit(AuditAction.SETUP_LINK_CLAIMED, "oidc:" + name)).hasSize(1);
            assertThat(audit(AuditAction.SIGNED_IN, "oidc:" + name)).singleElement()
                    .satisfies(e -> assertThat(e.detail()).contains("app's second factor", "authenticator enrolled")
                            .doesNotContain(phone.base32()));
            assertThat(app.components().audit().latest(500)).allSatisfy(e ->
                    assertThat(String.valueOf(e.detail())).doesNotContain(token));
        }

        @Test
        void typeACodeAtLaterSignInsAndSeeNoKey() {
            LaterSignIn later = enrolledAndSigningInAgain(newName());

            Page wrong = submitCode(later.flow().browser(), later.phone().code(5));
            Page right = submitCode(later.flow().browser(), later.phone().code(0));

            assertThat(later.codePage().body()).contains("Type the code from your authenticator app")
                    .doesNotContain("setup-key").doesNotContain(later.phone().base32());
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.body()).contains("That code is not right");
            assertThat(right.location()).isEqualTo("/helpdesk");
            assertThat(later.flow().browser().get("/helpdesk").status()).isEqualTo(200);
        }

        @Test
        void cannotReuseACodeThatAlreadySignedThemIn() {
            String name = newName();
            Authenticator phone = enroll(name);
            String used = phone.code(0);
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
            LaterSignIn later = enrolledAndSigningInAgain(name);
            OidcFlow flow = later.flow();
            Authenticator phone = later.phone();
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
    class SetupLinks {

        @Test
        void openingTheLinkUsesNothingUp() {
            String name = newName();
            String token = issueLink(name);
            Browser scanner = app.get().browser();

            Page first = scanner.get("/signin/oidc/setup/" + token);
            Page second = scanner.get("/signin/oidc/setup/" + token);
            OidcFlow flow = signInWithPasswordOnly(name);
            Page claimed = claimLink(flow.browser(), token);

            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(200);
            assertThat(first.body()).contains("works once");
            assertThat(claimed.location()).isEqualTo("/signin/oidc/totp");
        }

        @Test
        void withoutACompanySignInInTheBrowserTheLinkIsRefusedAndStaysValid() {
            String name = newName();
            String token = issueLink(name);
            Browser linkFirst = app.get().browser();

            Page refused = claimLink(linkFirst, token);
            OidcFlow flow = new OidcFlow(app.get(), linkFirst);
            flow.signIn("sub-" + name, staffClaims(name, CorpIdentityProvider.HELPDESK_GROUP, Map.of()));
            Page claimed = claimLink(flow.browser(), token);

            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.body()).contains("Sign in with your company account first");
            assertThat(claimed.location()).isEqualTo("/signin/oidc/totp");
        }

        @Test
        void aLinkForAnotherPrincipalIsRefusedAndGivesNoKey() {
            String victim = newName();
            String attacker = newName();
            String token = issueLink(victim);
            OidcFlow flow = signInWithPasswordOnly(attacker);

            Page refused = claimLink(flow.browser(), token);
            Page step = flow.browser().get("/signin/oidc/totp");

            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body()).contains("another company account");
            assertThat(step.status()).isEqualTo(403);
            assertThat(step.body()).doesNotContain("setup-key");
            assertThat(keysFor("oidc:" + attacker)).isZero();
            assertThat(flow.session()).isEmpty();
            assertThat(audit(AuditAction.SIGN_IN_FAILED, "oidc:" + attacker))
                    .anySatisfy(e -> assertThat(e.detail()).contains("setup link of another principal"));
            OidcFlow owner = signInWithPasswordOnly(victim);
            assertThat(claimLink(owner.browser(), token).location()).as("the link was not used up")
                    .isEqualTo("/signin/oidc/totp");
        }

        @Test
        void aUsedLinkIsRefused() {
            String name = newName();
            String token = issueLink(name);
            OidcFlow first = signInWithPasswordOnly(name);
            OidcFlow second = signInWithPasswordOnly(name);

            Page claimed = claimLink(first.browser(), token);
            Page again = claimLink(second.browser(), token);

            assertThat(claimed.location()).isEqualTo("/signin/oidc/totp");
            assertThat(again.status()).isEqualTo(410);
            assertThat(again.body()).contains("can’t be used");
            assertThat(second.browser().get("/signin/oidc/totp").body()).doesNotContain("setup-key");
            assertThat(app.get().browser().get("/signin/oidc/setup/" + token).status()).isEqualTo(410);
        }

        @Test
        void anExpiredLinkIsRefused() {
            String name = newName();
            String token = issueLink(name);
            app.clock().advance(Duration.ofHours(72).plusMinutes(1));
            OidcFlow flow = signInWithPasswordOnly(name);

            Page page = flow.browser().get("/signin/oidc/setup/" + token);
            Page refused = flow.browser().post("/signin/oidc/setup", Map.of("token", token));

            assertThat(page.status()).isEqualTo(410);
            assertThat(refused.status()).isEqualTo(410);
            assertThat(keysFor("oidc:" + name)).isZero();
        }

        @Test
        void aNewerLinkRevokesTheOlderOne() {
            String name = newName();
            String older = issueLink(name);
            String newer = issueLink(name);
            OidcFlow flow = signInWithPasswordOnly(name);

            Page refused = claimLink(flow.browser(), older);
            Page claimed = claimLink(flow.browser(), newer);

            assertThat(refused.status()).isEqualTo(410);
            assertThat(claimed.location()).isEqualTo("/signin/oidc/totp");
        }

        @Test
        void isNotIssuedForAPrincipalThatHasAnAuthenticator() {
            String name = newName();
            enroll(name);

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> issueLink(name))
                    .hasMessageContaining("already has an authenticator");
        }
    }

    @Nested
    class StaffRecordsFollowTheSubject {

        @Test
        void aRenamedUserWithAnotherSubjectIsRefusedTheColleaguesRecord() {
            String name = newName();
            signInWithPasswordOnly(name); // the colleague's first sign-in: oidc:NAME belongs to sub-NAME now
            String token = issueLink(name);
            OidcFlow impostor = new OidcFlow(app.get());

            Page callback = impostor.signIn("renamed-" + name, staffClaims(name, CorpIdentityProvider.ADMIN_GROUP,
                    Map.of()));
            Page claim = claimLink(impostor.browser(), token);

            assertThat(callback.status()).isEqualTo(403);
            assertThat(callback.body()).contains("renamed or recreated");
            assertThat(impostor.cookie("mfa_oidc_2fa")).isEmpty();
            assertThat(impostor.session()).isEmpty();
            assertThat(claim.status()).isEqualTo(401);
            assertThat(keysFor("oidc:" + name)).isZero();
            assertThat(app.components().staffSecondFactors().isAdministrator("oidc:" + name)).isFalse();
            assertThat(audit(AuditAction.SIGN_IN_FAILED, "oidc:" + name))
                    .anySatisfy(e -> assertThat(e.detail()).contains("STAFF_SUBJECT_MISMATCH", "renamed-" + name));
        }

        @Test
        void aRenamedUserIsRefusedEvenWithMfaAtTheProvider() {
            String name = newName();
            signInWithPasswordOnly(name);
            OidcFlow impostor = new OidcFlow(app.get());

            Page callback = impostor.signIn("renamed-" + name, staffClaims(name, CorpIdentityProvider.ADMIN_GROUP,
                    Map.of("amr", List.of("pwd", "mfa"))));

            assertThat(callback.status()).isEqualTo(403);
            assertThat(impostor.session()).isEmpty();
            assertThat(app.components().staffSecondFactors().isAdministrator("oidc:" + name)).isFalse();
        }

        @Test
        void theSameSubjectKeepsSigningIn() {
            LaterSignIn later = enrolledAndSigningInAgain(newName());

            Page signedIn = submitCode(later.flow().browser(), later.phone().code(0));

            assertThat(signedIn.location()).isEqualTo("/helpdesk");
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
            assertThat(flow.session()).get().extracting(Session::role, s -> s.user() == null ? null : s.user().name())
                    .containsExactly(Role.EMPLOYEE, "alice");
        }
    }
}
