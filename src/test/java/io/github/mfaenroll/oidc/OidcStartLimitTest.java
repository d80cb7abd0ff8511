package io.github.mfaenroll.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.TestAppExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Company sign-in starts per client address: each one stores a pending sign-in, so a flood is refused with 429. */
class OidcStartLimitTest {

    @RegisterExtension
    static final CorpIdentityProvider provider = CorpIdentityProvider.onLoopback();

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.withEnv(
            () -> provider.appEnv(Map.of("MFA_TRUST_PROXY", "true", "MFA_ADDRESS_MAX_REQUESTS", "3"))).freshForEachTest();

    private Page beginFrom(String address) {
        return app.browser().get("/signin/oidc", Map.of("X-Forwarded-For", address));
    }

    @Test
    void refusesStartsOverTheLimitFromOneAddressOnly() {
        for (int i = 0; i < 3; i++) {
            assertThat(beginFrom("198.51.100.4").status()).isEqualTo(303);
        }

        Page overTheLimit = beginFrom("198.51.100.4");
        Page otherAddress = beginFrom("198.51.100.5");

        assertThat(overTheLimit.status()).isEqualTo(429);
        assertThat(overTheLimit.header("Retry-After")).isNotBlank();
        assertThat(overTheLimit.body()).contains("Too many sign-ins were started from your network");
        assertThat(otherAddress.status()).isEqualTo(303);
        assertThat(otherAddress.location()).startsWith(provider.issuer());
    }
}
