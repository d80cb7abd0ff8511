package io.github.mfaenroll.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.identity.Session;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.TestApp;
import io.github.mfaenroll.testing.TestAppExtension;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Under the email-tag rule an address selects an IAM user only when the provider says it is verified
 * ({@code email_verified: true}), unless MFA_OIDC_TRUST_EMAIL declares the provider's addresses trustworthy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OidcEmailVerificationTest {

    @RegisterExtension
    static final CorpIdentityProvider provider = CorpIdentityProvider.onLoopback();

    @RegisterExtension
    static final TestAppExtension strict = TestAppExtension.withEnv(
            () -> provider.appEnv(Map.of("MFA_OIDC_MAPPING", "email-tag")));

    @RegisterExtension
    static final TestAppExtension trusting = TestAppExtension.withEnv(
            () -> provider.appEnv(Map.of("MFA_OIDC_MAPPING", "email-tag", "MFA_OIDC_TRUST_EMAIL", "true")));

    @BeforeAll
    void addVera() {
        for (TestAppExtension app : new TestAppExtension[] {strict, trusting}) {
            app.simulator().addUser("vera", true, Map.of("email", "vera@example.com"));
        }
    }


    @Nested
    class ByDefault {

        @Test
        void anAddressWithoutEmailVerifiedSelectsNoIamUser() {
            OidcFlow flow = new OidcFlow(strict.get());

            Page refused = flow.signIn("00u-vera", Map.of("email", "vera@example.com"));

            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body()).contains("email address is not verified");
            assertThat(flow.session()).isEmpty();
        }

        @Test
        void aVerifiedAddressSelectsItsIamUser() {
            OidcFlow flow = new OidcFlow(strict.get());

            Page callback = flow.signIn("00u-vera", Map.of("email", "vera@example.com", "email_verified", true));

            assertThat(callback.location()).isEqualTo("/enroll");
            assertThat(flow.session()).get().extracting(Session::iamUser).isEqualTo("vera");
        }
    }

    @Nested
    class WithTheProvidersAddressesTrusted {

        @Test
        void anAddressWithoutEmailVerifiedSelectsItsIamUser() {
            OidcFlow flow = new OidcFlow(trusting.get());

            Page callback = flow.signIn("00u-vera", Map.of("email", "vera@example.com"));

            assertThat(callback.location()).isEqualTo("/enroll");
        }

        @Test
        void anAddressTheProviderCallsUnverifiedStillSelectsNone() {
            OidcFlow flow = new OidcFlow(trusting.get());

            Page refused = flow.signIn("00u-vera", Map.of("email", "vera@example.com", "email_verified", false));

            assertThat(refused.status()).isEqualTo(403);
        }
    }
}
