package io.github.mfaenroll.oidc;

import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.github.mfaenroll.testing.TestAppExtension;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Under the email-tag rule an address selects an IAM user only when the provider says it is verified
 * ({@code email_verified: true}), unless MFA_OIDC_TRUST_EMAIL declares the provider's addresses trustworthy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OidcEmailVerificationTest {

    /** The address of vera, an IAM user of both apps tagged with it. */
    private static final String VERA = "vera@example.com";

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
            app.simulator().addUser("vera", true, Map.of("email", VERA));
        }
    }

    Stream<Arguments> anAddressSelectsItsIamUser() {
        return Stream.of(
                arguments("verified, by default", strict, Map.of("email", VERA, "email_verified", true)),
                arguments("without email_verified, the provider's addresses trusted", trusting, Map.of("email", VERA)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void anAddressSelectsItsIamUser(String when, TestAppExtension app, Map<String, Object> claims) {
        OidcFlow flow = new OidcFlow(app.get());

        flow.signIn("00u-vera", claims);

        flow.assertInWizardFor("vera");
    }

    Stream<Arguments> anAddressSelectsNoIamUser() {
        return Stream.of(
                arguments("without email_verified, by default", strict, Map.of("email", VERA)),
                arguments("called unverified by the provider, even with its addresses trusted", trusting,
                        Map.of("email", VERA, "email_verified", false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void anAddressSelectsNoIamUser(String when, TestAppExtension app, Map<String, Object> claims) {
        OidcFlow flow = new OidcFlow(app.get());

        flow.signIn("00u-vera", claims);

        flow.assertRefused(403, "email address is not verified");
    }
}
