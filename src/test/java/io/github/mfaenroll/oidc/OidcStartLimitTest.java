package io.github.mfaenroll.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.TestApp;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Company sign-in starts per client address: each one stores a pending sign-in, so a flood is refused with 429. */
class OidcStartLimitTest {

    private CorpIdentityProvider provider;
    private TestApp app;

    @BeforeEach
    void start() {
        provider = CorpIdentityProvider.start();
        app = TestApp.start(provider.appEnv(Map.of("MFA_TRUST_PROXY", "true", "MFA_ADDRESS_MAX_REQUESTS", "3")));
    }

    @AfterEach
    void stop() {
        app.close();
        provider.close();
    }

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
