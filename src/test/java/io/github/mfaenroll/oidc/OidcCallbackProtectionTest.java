package io.github.mfaenroll.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry;
import io.github.mfaenroll.identity.SecretTokens;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.Secrets;
import io.github.mfaenroll.testing.TestAppExtension;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A callback is accepted once, from the browser that started the sign-in, with matching state, nonce and PKCE. */
class OidcCallbackProtectionTest {

    private static final Map<String, Object> ALICE = Map.of("preferred_username", "alice");

    @RegisterExtension
    static final CorpIdentityProvider provider = CorpIdentityProvider.onLoopback();

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.withEnv(() -> provider.appEnv(Map.of()));

    private AuditEntry lastAudit() {
        return app.components().audit().latest(1).get(0);
    }

    private static URI withParam(URI uri, String name, String value) {
        String query = uri.getRawQuery().replaceAll("(^|&)" + name + "=[^&]*", "$1" + name + "=" + value);
        return URI.create(uri.toString().substring(0, uri.toString().indexOf('?') + 1) + query);
    }

    private static String tampered(String value) {
        return (value.charAt(0) == 'A' ? "B" : "A") + value.substring(1);
    }

    private static void assertRefusedToStartAgain(Page page, int status) {
        assertThat(page.status()).isEqualTo(status);
        assertThat(page.body()).contains("Please start again").contains("href=\"/signin/oidc\"");
    }

    @Nested
    class State {

        @Test
        void aTamperedStateIsRefusedAndTheGenuineCallbackStillWorks() {
            OidcFlow flow = new OidcFlow(app.get()).begin().loginAtProvider("00u-alice", ALICE);
            URI forged = withParam(flow.callbackUrl(), "state", tampered(flow.authorizationParam("state")));

            Page refused = flow.browser().get(forged.toString());
            Page genuine = flow.callback();

            assertRefusedToStartAgain(refused, 400);
            assertThat(genuine.location()).isEqualTo("/enroll");
        }

        @Test
        void aCallbackWithoutStateIsRefused() {
            OidcFlow flow = new OidcFlow(app.get()).begin();

            Page refused = flow.browser().get("/signin/oidc/callback?code=whatever");

            assertRefusedToStartAgain(refused, 400);
            assertThat(flow.session()).isEmpty();
        }

        @Test
        void aReplayedCallbackIsRefused() {
            OidcFlow flow = new OidcFlow(app.get());
            flow.signIn("00u-alice", ALICE);

            Page replayed = flow.browser().get(flow.callbackUrl().toString());

            assertRefusedToStartAgain(replayed, 400);
            assertThat(lastAudit().detail()).contains("INVALID_STATE", "unknown or already used state");
        }

        @Test
        void aCallbackAfterTenMinutesIsRefused() {
            OidcFlow flow = new OidcFlow(app.get()).begin().loginAtProvider("00u-alice", ALICE);
            app.clock().advance(Duration.ofMinutes(10).plusSeconds(1));

            Page late = flow.callback();

            assertRefusedToStartAgain(late, 400);
            assertThat(late.body()).contains("took too long");
            assertThat(flow.session()).isEmpty();
        }
    }

    @Nested
    class BrowserBinding {

        @Test
        void theCallbackOpenedInAnotherBrowserIsRefusedAndDoesNotSpoilTheRealOne() {
            OidcFlow victim = new OidcFlow(app.get()).begin().loginAtProvider("00u-alice", ALICE);
            OidcFlow attacker = new OidcFlow(app.get());

            Page refused = attacker.browser().get(victim.callbackUrl().toString());
            Page genuine = victim.callback();

            assertRefusedToStartAgain(refused, 400);
            assertThat(attacker.session()).isEmpty();
            assertThat(attacker.browser().get("/enroll").status()).isEqualTo(401);
            assertThat(genuine.location()).isEqualTo("/enroll");
        }

        @Test
        void theBindingCookieIsHttpOnlyLaxAndShortLived() {
            Page started = app.browser().get("/signin/oidc");

            String cookie = started.response().headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith("mfa_oidc=")).findFirst().orElseThrow();
            Secrets.register(cookie.substring("mfa_oidc=".length(), cookie.indexOf(';')));
            assertThat(cookie).contains("HttpOnly", "SameSite=Lax", "Max-Age=600", "Path=/");
        }

        @Test
        void twoTabsOfOneBrowserCanBothFinish() {
            OidcFlow first = new OidcFlow(app.get()).begin().loginAtProvider("00u-alice", ALICE);
            OidcFlow second = new OidcFlow(app.get(), first.browser()).begin().loginAtProvider("00u-alice", ALICE);

            Page secondDone = second.callback();
            Page firstDone = first.callback();

            assertThat(secondDone.location()).isEqualTo("/enroll");
            assertThat(firstDone.location()).isEqualTo("/enroll");
        }
    }

    @Nested
    class Nonce {

        @Test
        void anIdTokenCarryingAnotherNonceIsRefused() {
            OidcFlow flow = new OidcFlow(app.get()).begin();
            // An attacker who rewrites the authorization request gets a token for their nonce, not ours.
            URI rewritten = withParam(flow.authorizationUrl(), "nonce", "attacker-chosen-nonce");
            flow.loginAt(rewritten, "00u-alice", ALICE);

            Page refused = flow.callback();

            assertRefusedToStartAgain(refused, 400);
            assertThat(flow.session()).isEmpty();
            assertThat(lastAudit().action()).isEqualTo(AuditAction.SIGN_IN_FAILED);
            assertThat(lastAudit().detail()).contains("TOKEN_REJECTED", "nonce").doesNotContain("attacker-chosen");
        }
    }

    @Nested
    class Pkce {

        private String storedVerifier(String state) {
            return Secrets.register(app.components().database().jdbi().withHandle(h -> h.createQuery(
                            "SELECT code_verifier FROM oidc_logins WHERE state_hash = :hash")
                    .bind("hash", SecretTokens.sha256(state)).mapTo(String.class).one()));
        }

        private void forgetRecordedRequests() {
            try {
                while (true) {
                    provider.server().takeRequest(10, TimeUnit.MILLISECONDS);
                }
            } catch (RuntimeException noMoreRequests) {
                // mock-oauth2-server throws once its queue of recorded requests is empty
            }
        }

        @Test
        void theChallengeIsS256OfTheVerifierTheAppSendsToTheTokenEndpoint() throws Exception {
            OidcFlow flow = new OidcFlow(app.get()).begin().loginAtProvider("00u-alice", ALICE);
            String verifier = storedVerifier(flow.authorizationParam("state"));
            forgetRecordedRequests();

            Page done = flow.callback();

            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            assertThat(flow.authorizationParam("code_challenge_method")).isEqualTo("S256");
            assertThat(flow.authorizationParam("code_challenge"))
                    .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
            RecordedRequest token = tokenRequest();
            assertThat(token.getBody().readUtf8()).contains("code_verifier=" + verifier)
                    .contains("grant_type=authorization_code");
            assertThat(token.getHeader("Authorization")).startsWith("Basic ");
            assertThat(done.location()).isEqualTo("/enroll");
        }

        private RecordedRequest tokenRequest() {
            for (int i = 0; i < 10; i++) {
                RecordedRequest request = provider.server().takeRequest(2, TimeUnit.SECONDS);
                if (request.getPath().endsWith("/token")) {
                    return request;
                }
            }
            throw new AssertionError("the app sent no token request");
        }

        @Test
        void aWrongVerifierAtTheTokenEndpointIsRefused() {
            OidcFlow flow = new OidcFlow(app.get()).begin().loginAtProvider("00u-alice", ALICE);
            String state = flow.authorizationParam("state");
            String wrong = Secrets.register("W".repeat(43));
            app.components().database().jdbi().useHandle(h -> h.createUpdate(
                            "UPDATE oidc_logins SET code_verifier = :wrong WHERE state_hash = :hash")
                    .bind("wrong", wrong).bind("hash", SecretTokens.sha256(state)).execute());

            Page refused = flow.callback();

            assertRefusedToStartAgain(refused, 400);
            assertThat(flow.session()).isEmpty();
            assertThat(lastAudit().detail()).contains("TOKEN_REJECTED", "invalid_grant");
        }
    }

    @Nested
    class ProviderError {

        @Test
        void accessDeniedShowsAClearPageAndNoSession() {
            OidcFlow flow = new OidcFlow(app.get()).begin();

            Page denied = flow.browser().get("/signin/oidc/callback?error=access_denied&state="
                    + flow.authorizationParam("state"));

            assertThat(denied.status()).isEqualTo(401);
            assertThat(denied.body()).contains("Your company account did not allow this sign-in");
            assertThat(flow.session()).isEmpty();
            assertThat(lastAudit().detail()).contains("PROVIDER_DENIED", "access_denied");
        }

        @Test
        void anErrorWithAForgedStateIsRefusedAsTampering() {
            OidcFlow flow = new OidcFlow(app.get()).begin();

            Page refused = flow.browser().get("/signin/oidc/callback?error=access_denied&state=forged");

            assertRefusedToStartAgain(refused, 400);
        }
    }
}
