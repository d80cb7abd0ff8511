package io.github.mfaenroll.oidc;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.github.mfaenroll.testing.TestApp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every way the provider's discovery can fail, each with its message: the setting and its value, the URL tried, what
 * went wrong, what to check. The real provider (mock-oauth2-server) where it can play the part; WireMock for what a
 * real provider would not answer.
 */
class ProviderDiscoveryTest {

    private static final String DOCUMENT = "/realms/acme/.well-known/openid-configuration";

    @RegisterExtension
    static final CorpIdentityProvider provider = CorpIdentityProvider.onLoopback();

    private WireMockServer wire;
    private String issuer;

    @BeforeEach
    void start() {
        wire = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        wire.start();
        issuer = wire.baseUrl() + "/realms/acme";
    }

    @AfterEach
    void stop() {
        wire.stop();
    }

    /** Slow enough for a provider that starts cold on a busy machine; the timeout test passes its own. */
    private String failureOf(String configuredIssuer, int timeoutMillis) {
        OidcDiscoveryFailure failure = catchThrowableOfType(OidcDiscoveryFailure.class,
                () -> ProviderDiscovery.atStartUp(URI.create(configuredIssuer), timeoutMillis).fetch());
        assertThat(failure).as("discovery fails").isNotNull();
        assertThat(failure.getStackTrace()).as("an expected failure carries no stack trace").isEmpty();
        return failure.getMessage();
    }

    private String failureOf(ResponseDefinitionBuilder document) {
        wire.stubFor(get(urlPathEqualTo(DOCUMENT)).willReturn(document));
        return failureOf(issuer, OidcProvider.TIMEOUT_MILLIS);
    }

    private String documentWith(String jwksPath) {
        return "{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + issuer + "/auth\",\"token_endpoint\":\""
                + issuer + "/token\",\"jwks_uri\":\"" + wire.baseUrl() + jwksPath + "\","
                + "\"subject_types_supported\":[\"public\"],\"response_types_supported\":[\"code\"],"
                + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}";
    }

    /** How a message about the document this test's WireMock serves begins. */
    private String documentFailure() {
        return "MFA_OIDC_ISSUER=" + issuer + ": the provider's discovery document at " + wire.baseUrl() + DOCUMENT;
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    @Test
    void theRealProvidersDocumentPassesAndATrailingSlashIsTheSameIssuer() {
        String metadataIssuer = ProviderDiscovery.atStartUp(URI.create(provider.issuer() + "/"),
                OidcProvider.TIMEOUT_MILLIS).fetch().getIssuer().getValue();

        assertThat(metadataIssuer).isEqualTo(provider.issuer());
        assertThat(ProviderDiscovery.documentUrl(URI.create("https://idp/realms/a/")))
                .isEqualTo(URI.create("https://idp/realms/a/.well-known/openid-configuration"));
        assertThat(ProviderDiscovery.sameIssuer("https://idp/realms/a", URI.create("https://idp/realms/a/"))).isTrue();
        assertThat(ProviderDiscovery.sameIssuer("https://idp/realms/a", URI.create("https://idp/realms/b"))).isFalse();
    }

    @Test
    void aMissingRealmNamesTheRealmInTheSetting() {
        String message = failureOf(json(404, "{\"error\":\"Realm does not exist\"}"));

        assertThat(message).isEqualTo(documentFailure() + " answered 404 Not Found; check the realm or tenant in"
                + " MFA_OIDC_ISSUER (the issuer URL itself, without /.well-known/openid-configuration)");
    }

    @Test
    void aFailingProviderSaysStartingAgainOnceItAnswersIsEnough() {
        String message = failureOf(json(503, "{}"));

        assertThat(message).startsWith(documentFailure() + " answered 503 Service Unavailable; the provider is failing;")
                .endsWith("start it again once the provider answers");
    }

    @Test
    void aDocumentBehindSignInNamesTheSetting() {
        String message = failureOf(json(401, "{}"));

        assertThat(message).contains("answered 401 Unauthorized; the document must be readable without signing in:"
                + " check MFA_OIDC_ISSUER");
    }

    @Test
    void jsonThatIsNoDiscoveryDocumentNamesTheSetting() {
        String message = failureOf(json(200, "{\"hello\":\"world\"}"));

        assertThat(message).startsWith(documentFailure() + " is not an OpenID Connect discovery document (")
                .endsWith("); check that MFA_OIDC_ISSUER is an OpenID Connect provider's issuer");
    }

    @Test
    void aDocumentWithoutATokenEndpointNamesTheSetting() {
        String message = failureOf(json(200, documentWith("/keys").replace("\"token_endpoint\"", "\"x\"")));

        assertThat(message).startsWith("MFA_OIDC_ISSUER=" + issuer + ": ")
                .contains("names no token_endpoint, which sign-in needs; check that MFA_OIDC_ISSUER");
    }

    @Test
    void signingKeysThatCannotBeFetchedNameTheAddressTheProviderGave() {
        String message = failureOf(json(200, documentWith("/internal/keys")));

        assertThat(message).isEqualTo("MFA_OIDC_ISSUER=" + issuer + ": the provider's signing keys at "
                + wire.baseUrl() + "/internal/keys (the jwks_uri of its discovery document) answered 404 Not Found;"
                + " the provider names that address itself: check its public URL (hostname) settings");
    }

    @Test
    void anEmptyKeySetNamesTheSetting() {
        wire.stubFor(get(urlPathEqualTo("/keys")).willReturn(json(200, "{\"keys\":[]}")));

        String message = failureOf(json(200, documentWith("/keys")));

        assertThat(message).startsWith("MFA_OIDC_ISSUER=" + issuer + ": the provider's signing keys at ")
                .endsWith("hold no key; check the provider's key settings");
    }

    @Test
    void aProviderThatNeverAnswersIsGivenUpAfterTheTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String silentIssuer = "http://127.0.0.1:" + silent.getLocalPort() + "/corp";

            String message = failureOf(silentIssuer, 300);

            assertThat(message).startsWith("MFA_OIDC_ISSUER=" + silentIssuer + ": the provider's discovery document at "
                    + silentIssuer + "/.well-known/openid-configuration could not be fetched: no answer within 300 ms;"
                    + " check the host and port in MFA_OIDC_ISSUER");
        }
    }

    @Test
    void aPortNothingListensOnSaysConnectionRefused() {
        String closedIssuer = "http://127.0.0.1:" + TestApp.freePort() + "/corp";

        String message = failureOf(closedIssuer, OidcProvider.TIMEOUT_MILLIS);

        assertThat(message).startsWith("MFA_OIDC_ISSUER=" + closedIssuer + ": the provider's discovery document at "
                + closedIssuer + "/.well-known/openid-configuration could not be fetched: connection refused; check"
                + " the host and port in MFA_OIDC_ISSUER");
    }

    @Test
    void aHostThatDoesNotResolveNamesTheHostInTheSetting() {
        String message = failureOf("https://idp.example.invalid/realms/acme", OidcProvider.TIMEOUT_MILLIS);

        assertThat(message).isEqualTo("MFA_OIDC_ISSUER=https://idp.example.invalid/realms/acme: the provider's"
                + " discovery document at https://idp.example.invalid/realms/acme/.well-known/openid-configuration"
                + " could not be fetched: unknown host idp.example.invalid; check the host name in MFA_OIDC_ISSUER");
    }

    @Test
    void aTlsFailureNamesTheSettingAndTheCertificateCheck() {
        // https to a port that speaks plain HTTP: the handshake fails, as it does with a certificate not trusted here.
        String tlsIssuer = wire.baseUrl().replace("http://", "https://") + "/realms/acme";

        String message = failureOf(tlsIssuer, OidcProvider.TIMEOUT_MILLIS);

        assertThat(message).startsWith("MFA_OIDC_ISSUER=" + tlsIssuer + ": the provider's discovery document at "
                + tlsIssuer + "/.well-known/openid-configuration could not be fetched: TLS failed (")
                .endsWith("); check that this Java runtime trusts the provider's certificate");
    }
}
