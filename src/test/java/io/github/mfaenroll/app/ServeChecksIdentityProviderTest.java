package io.github.mfaenroll.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.mfaenroll.oidc.CorpIdentityProvider;
import io.github.mfaenroll.testing.TestApp;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} with company sign-in checks the provider before it listens: a provider it cannot use stops it with
 * one sentence on stderr naming MFA_OIDC_ISSUER, the URL tried and what went wrong, and no stack trace. WireMock
 * plays what is in front of a provider (a host without that realm, a login page, a proxy).
 */
class ServeChecksIdentityProviderTest {

    @RegisterExtension
    static final CorpIdentityProvider provider = CorpIdentityProvider.onLoopback();

    @TempDir
    Path dataDir;

    private WireMockServer wire;

    @BeforeEach
    void startWireMock() {
        wire = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        wire.start();
    }

    @AfterEach
    void stopWireMock() {
        wire.stop();
    }

    /** {@code serve --demo} in-process on a free port, as far as it gets (with both output streams). */
    private CommandRun serve(String issuer) {
        return CommandRun.run(Map.of("MFA_DATA_DIR", dataDir.toString(), "MFA_BIND_ADDRESS", "127.0.0.1",
                "MFA_OIDC_ISSUER", issuer, "MFA_OIDC_CLIENT_ID", "mfa-enroll"),
                "serve", "--demo", "--port", String.valueOf(TestApp.freePort()));
    }

    /** The one line serve printed about the provider, after checking it failed the way a script sees it. */
    private static String failureLine(CommandRun run) {
        assertThat(run.exitCode()).as("exit code").isEqualTo(1);
        assertThat(run.out()).doesNotContain("is ready");
        assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception");
        return run.err().lines().filter(line -> line.startsWith("Failed: ")).findFirst().orElseThrow();
    }

    /** What WireMock plays: every request it gets answered with this status and body. */
    private void everyRequestAnswers(int status, String contentType, String body) {
        wire.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(status).withHeader("Content-Type", contentType)
                .withBody(body)));
    }

    /** How the failure line begins when it is about the discovery document of {@code issuer}. */
    private static String documentFailure(String issuer) {
        return "Failed: MFA_OIDC_ISSUER=" + issuer + ": the provider's discovery document at " + issuer
                + "/.well-known/openid-configuration";
    }

    @Test
    void aRealmTheProviderDoesNotHaveStopsStartUpNamingTheSettingAndTheUrl() {
        // Keycloak's answer for a realm that does not exist.
        everyRequestAnswers(404, "application/json", "{\"error\":\"Realm does not exist\"}");
        String issuer = wire.baseUrl() + "/realms/acme";

        String line = failureLine(serve(issuer));

        assertThat(line).isEqualTo(documentFailure(issuer) + " answered 404 Not Found; check the realm or tenant in"
                + " MFA_OIDC_ISSUER (the issuer URL itself, without /.well-known/openid-configuration)");
    }

    @Test
    void aProviderNamingAnotherIssuerStopsStartUpNamingBoth() {
        // A proxy in front of the provider that does not pass the Host header on: the provider names its own address.
        wire.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(URI.create(provider.issuer()).resolve("/")
                .toString())));
        String issuer = wire.baseUrl() + "/corp";

        String line = failureLine(serve(issuer));

        assertThat(line).startsWith(documentFailure(issuer) + " names the issuer \"" + provider.issuer() + "\"")
                .endsWith("set MFA_OIDC_ISSUER to exactly the provider's issuer (ID tokens carry it, and are checked"
                        + " against it)");
    }

    @Test
    void aPortNothingListensOnStopsStartUpSayingSoAndHowLongItWaits() {
        String issuer = "http://127.0.0.1:" + TestApp.freePort() + "/corp";

        String line = failureLine(serve(issuer));

        assertThat(line).startsWith(documentFailure(issuer) + " could not be fetched: connection refused;")
                .contains("check the host and port in MFA_OIDC_ISSUER")
                .contains("5 s");
    }

    @Test
    void aLoginPageInsteadOfTheDocumentStopsStartUpNamingTheSetting() {
        everyRequestAnswers(200, "text/html", "<html><body>Sign in</body></html>");
        String issuer = wire.baseUrl() + "/portal";

        String line = failureLine(serve(issuer));

        assertThat(line).isEqualTo(documentFailure(issuer) + " answered 200 but not with JSON (Content-Type text/html);"
                + " check that MFA_OIDC_ISSUER is the provider's issuer URL, not a login or portal page");
    }
}
