package io.github.mfaenroll.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.identity.Session;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.TestApp;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Under the email-tag rule an address selects an IAM user only when the provider says it is verified
 * ({@code email_verified: true}), unless MFA_OIDC_TRUST_EMAIL declares the provider's addresses trustworthy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OidcEmailVerificationTest {

    private CorpIdentityProvider provider;
    private TestApp strict;
    private TestApp trusting;

    @BeforeAll
    void start() {
        provider = CorpIdentityProvider.start();
        strict = TestApp.start(provider.appEnv(Map.of("MFA_OIDC_MAPPING", "email-tag")));
        trusting = TestApp.start(provider.appEnv(Map.of("MFA_OIDC_MAPPING", "email-tag",
                "MFA_OIDC_TRUST_EMAIL", "true")));
        for (TestApp app : new TestApp[] {strict, trusting}) {
            app.simulator().addUser("vera", true, Map.of("email", "vera@example.com"));
        }
    }

    @AfterAll
    void stop() {
        strict.close();
        trusting.close();
        provider.close();
    }

    @Nested
    class ByDefault {

        @Test
        void anAddressWithoutEmailVerifiedSelectsNoIamUser() {
            OidcFlow flow = new OidcFlow(strict);

            Page refused = flow.signIn("00u-vera", Map.of("email", "vera@example.com"));

            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body()).contains("email address is not verified");
            assertThat(flow.session()).isEmpty();
        }

        @Test
        void aVerifiedAddressSelectsItsIamUser() {
            OidcFlow flow = new OidcFlow(strict);

            Page callback = flow.signIn("00u-vera", Map.of("email", "vera@example.com", "email_verified", true));

            assertThat(callback.location()).isEqualTo("/enroll");
            assertThat(flow.session()).get().extracting(Session::iamUser).isEqualTo("vera");
        }
    }

    @Nested
    class WithTheProvidersAddressesTrusted {

        @Test
        void anAddressWithoutEmailVerifiedSelectsItsIamUser() {
            OidcFlow flow = new OidcFlow(trusting);

            Page callback = flow.signIn("00u-vera", Map.of("email", "vera@example.com"));

            assertThat(callback.location()).isEqualTo("/enroll");
        }

        @Test
        void anAddressTheProviderCallsUnverifiedStillSelectsNone() {
            OidcFlow flow = new OidcFlow(trusting);

            Page refused = flow.signIn("00u-vera", Map.of("email", "vera@example.com", "email_verified", false));

            assertThat(refused.status()).isEqualTo(403);
        }
    }
}
