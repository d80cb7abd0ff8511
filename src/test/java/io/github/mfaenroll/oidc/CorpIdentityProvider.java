package io.github.mfaenroll.oidc;

import com.nimbusds.oauth2.sdk.auth.PlainClientSecret;
import io.github.mfaenroll.testing.OncePerClass;
import io.github.mfaenroll.testing.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * The company identity provider for tests: a real OIDC server (mock-oauth2-server: discovery, JWKS, authorization
 * code flow with PKCE) on loopback. Its login page is on, so each sign-in types its own subject and claims, as a
 * person would, and tests never share a queue of prepared tokens. Its token endpoint checks the client's id and secret
 * as real providers do (mock-oauth2-server alone accepts any), answering {@code invalid_client} otherwise. Runs for a
 * whole test class:
 * {@code @RegisterExtension static final CorpIdentityProvider provider = CorpIdentityProvider.onLoopback();}.
 */
public final class CorpIdentityProvider extends OncePerClass {

    static final String ISSUER_ID = "corp";
    static final String CLIENT_ID = "mfa-enroll";
    static final String CLIENT_SECRET = Secrets.register("client-secret-for-tests-only");
    static final String HELPDESK_GROUP = "mfa-helpdesk";
    static final String ADMIN_GROUP = "mfa-admins";

    private MockOAuth2Server server;

    private CorpIdentityProvider() {
    }

    public static CorpIdentityProvider onLoopback() {
        return new CorpIdentityProvider();
    }

    @Override
    protected void startIfStopped() {
        server();
    }

    @Override
    protected synchronized void stop() {
        if (server != null) { // a test may have stopped it already (stopNow)
            server.shutdown();
            server = null;
        }
    }

    /** The running server; started on first use, so an app extension registered before this one can read it. */
    synchronized MockOAuth2Server server() {
        if (server == null) {
            server = new MockOAuth2Server(new OAuth2Config(true), new ClientAuthentication());
            server.start(InetAddress.getLoopbackAddress(), 0);
            awaitAnswers(server);
        }
        return server;
    }

    /**
     * Waits (a minute at most) until the provider answers its discovery document and keys, as one would wait for a
     * real provider to be up: its first answers build its keys and warm its JSON stack, which on a busy machine takes
     * longer than the 5 s the app's start-up check gives a provider.
     */
    private static void awaitAnswers(MockOAuth2Server server) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        for (HttpUrl url : List.of(server.wellKnownUrl(ISSUER_ID), server.jwksUrl(ISSUER_ID))) {
            try {
                int status = http.send(HttpRequest.newBuilder(url.uri()).timeout(Duration.ofSeconds(60)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status != 200) {
                    throw new IllegalStateException("the test provider answered " + status + " at " + url);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("the test provider did not answer at " + url, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Stops the provider now, as an outage would (the class's end then has nothing left to stop). */
    void stopNow() {
        stop();
    }

    /**
     * Token requests whose client id or secret (HTTP Basic or form) is not this app's: refused as Keycloak refuses
     * them (RFC 6749 §5.2). Matching requests go on to the server's own token endpoint.
     */
    private static final class ClientAuthentication implements Route {
        @Override
        public boolean match(OAuth2HttpRequest request) {
            if (!"POST".equals(request.getMethod()) || !request.getUrl().encodedPath().endsWith("/token")) {
                return false;
            }
            com.nimbusds.oauth2.sdk.auth.ClientAuthentication client =
                    request.asNimbusTokenRequest().getClientAuthentication();
            return !(client instanceof PlainClientSecret secret && CLIENT_ID.equals(secret.getClientID().getValue())
                    && CLIENT_SECRET.equals(secret.getClientSecret().getValue()));
        }

        @Override
        public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
            return new OAuth2HttpResponse(Headers.of("Content-Type", "application/json"), 401,
                    "{\"error\":\"invalid_client\","
                            + "\"error_description\":\"Invalid client or Invalid client credentials\"}",
                    null);
        }
    }

    /** The issuer URL, as {@code MFA_OIDC_ISSUER} takes it. */
    public String issuer() {
        return server().issuerUrl(ISSUER_ID).toString();
    }

    /** The app's environment for this provider, with the mapping rule and anything else in {@code more}. */
    public Map<String, String> appEnv(Map<String, String> more) {
        Map<String, String> env = new HashMap<>();
        env.put("MFA_OIDC_ISSUER", issuer());
        env.put("MFA_OIDC_CLIENT_ID", CLIENT_ID);
        env.put("MFA_OIDC_CLIENT_SECRET", CLIENT_SECRET);
        env.put("MFA_OIDC_HELPDESK_GROUP", HELPDESK_GROUP);
        env.put("MFA_OIDC_ADMIN_GROUP", ADMIN_GROUP);
        env.putAll(more);
        return env;
    }
}
