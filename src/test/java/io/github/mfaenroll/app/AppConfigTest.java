package io.github.mfaenroll.app;

import io.github.mfaenroll.helpdesk.AutoInviteSettings;
import io.github.mfaenroll.limits.LimitSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AppConfigTest {

    @Test
    void defaultsMatchTheReadme() {
        AppConfig config = AppConfig.from(Map.of());

        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.baseUrl()).hasToString("http://localhost:8080");
        assertThat(config.dataDir()).hasToString("./data");
        assertThat(config.iamRegion()).isEqualTo("aws-global");
        assertThat(config.linkTtl()).isEqualTo(Duration.ofHours(72));
        assertThat(config.enrollmentTtl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.totpWindowSteps()).isEqualTo(1);
        assertThat(config.iamEndpoint()).isNull();
        assertThat(config.limits()).isEqualTo(new LimitSettings(100, Duration.ofHours(24), 20,
                Duration.ofMinutes(10), 600, Duration.ofMinutes(1)));
        assertThat(config.autoInvite()).isEqualTo(new AutoInviteSettings(false, Duration.ofHours(1), false));
    }

    @Test
    void theBaseUrlLosesATrailingSlashSoLinksHaveNoDoubleSlash() {
        AppConfig config = AppConfig.from(Map.of("MFA_BASE_URL", "https://mfa.example.com/"));

        assertThat(config.baseUrl()).hasToString("https://mfa.example.com");
    }

    @ParameterizedTest
    @CsvSource({
            "MFA_PORT, eighty",
            "MFA_LINK_TTL, 72h",
            "MFA_BASE_URL, mfa.example.com",
            "MFA_IAM_ENDPOINT, not a url",
            "MFA_TOTP_WINDOW_STEPS, one",
            "MFA_USER_MAX_FAILURES_PER_HOUR, 0",
            "MFA_USER_LOCKOUT, PT0S",
            "MFA_ADDRESS_MAX_REQUESTS, -1",
            "MFA_ADDRESS_WINDOW, 10m",
            "MFA_AUTO_INVITE, yes",
            "MFA_AUTO_INVITE_INTERVAL, PT30S",
            "MFA_AUTO_INVITE_EXISTING, 1"})
    void anInvalidValueIsRefusedWithTheVariablesName(String variable, String value) {
        assertThatThrownBy(() -> AppConfig.from(Map.of(variable, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(variable);
    }

    @ParameterizedTest(name = "MFA_OIDC_STAFF_ACR={0}")
    @ValueSource(strings = {"0", "1", " 1 "})
    void aStaffAcrAPasswordAloneReachesIsRefused(String acr) {
        Map<String, String> env = Map.of("MFA_OIDC_ISSUER", "https://idp.example.com/realms/corp",
                "MFA_OIDC_CLIENT_ID", "mfa-enroll", "MFA_OIDC_STAFF_ACR", acr);

        assertThatThrownBy(() -> AppConfig.from(env)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MFA_OIDC_STAFF_ACR=" + acr.strip() + " is a level a password alone reaches");
    }

    @Test
    void toStringNeverShowsTheKeyOrDatabasePassword() {
        AppConfig config = AppConfig.from(Map.of("MFA_SECRET_KEY", "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=",
                "MFA_DATABASE_PASSWORD", "hunter2"));

        assertThat(config.toString()).doesNotContain("c2VjcmV0").doesNotContain("hunter2");
    }

    @Test
    void theBaseUrlIsAnOriginWithTheDefaultPortDropped() {
        assertThat(AppConfig.from(Map.of("MFA_BASE_URL", "https://mfa.example.com:443")).baseUrl())
                .hasToString("https://mfa.example.com");
        assertThat(AppConfig.from(Map.of("MFA_BASE_URL", "http://127.0.0.1:8080")).baseUrl())
                .hasToString("http://127.0.0.1:8080");
        assertThatThrownBy(() -> AppConfig.from(Map.of("MFA_BASE_URL", "https://example.com/mfa")))
                .hasMessageContaining("without a path");
    }
}
