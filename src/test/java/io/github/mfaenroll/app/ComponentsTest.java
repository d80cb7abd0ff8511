package io.github.mfaenroll.app;

import static io.github.mfaenroll.testing.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Components} builds each object when first asked: a command pays only for what it uses. */
class ComponentsTest {

    @TempDir
    Path dataDir;

    private AppConfig config() {
        return AppConfig.from(Map.of("MFA_DATA_DIR", dataDir.toString()));
    }

    @Test
    void theComplianceViewReachesIamWithoutOpeningTheDatabase() {
        try (Components components = Components.demo(config(), Clock.systemUTC())) {

            components.compliance().current();
        }

        assertThat(dataDir.resolve("mfa-enroll.mv.db")).doesNotExist();
        assertThat(dataDir.resolve("database.password")).doesNotExist();
    }

    @Test
    void issuingALinkOpensTheDatabase() {
        try (Components components = Components.demo(config(), Clock.systemUTC())) {

            components.links().issue(user("alice"), null, "test");
        }

        assertThat(dataDir.resolve("mfa-enroll.mv.db")).exists();
    }
}
