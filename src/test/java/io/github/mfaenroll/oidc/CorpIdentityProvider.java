package io.github.mfaenroll.oidc;

import io.github.mfaenroll.testing.OncePerClass;
import io.github.mfaenroll.testing.Secrets;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;

/**
 * The company identity provider for tests: a real OIDC server (mock-oauth2-server: discovery, JWKS, authorization
 * code flow with PKCE) on loopback. Its login page is on, so each sign-in types its own subject and claims, as a
 * person would, and tests never share a queue of prepared tokens. Runs for a whole test class:
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
        server.shutdown();
        server = null;
    }

    /** The running server; started on first use, so an app extension registered before this one can read it. */
    synchronized MockOAuth2Server server() {
        if (server == null) {
            server = new MockOAuth2Server(new OAuth2Config(true));
            server.start(InetAddress.getLoopbackAddress(), 0);
        }
        return server;
    }

    String issuer() {
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
