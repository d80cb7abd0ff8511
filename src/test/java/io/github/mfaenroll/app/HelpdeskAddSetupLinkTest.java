package io.github.mfaenroll.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.identity.SecretTokens;
import io.github.mfaenroll.testing.Secrets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code helpdesk add} ends with the account's one-time setup link; {@code helpdesk setup-link} replaces it. */
class HelpdeskAddSetupLinkTest {

    private static final String PASSWORD = Secrets.register("piped in passphrase 43");
    private static final String LINK = "https://mfa.example.com/signin/setup/[A-Za-z0-9_-]{43}";

    @TempDir
    Path dataDir;

    /** Runs the command line; every link it prints is registered as a secret (none may reach a log). */
    private CommandRun run(String stdin, String... args) {
        CommandRun run = CommandRun.runWithInput(stdin,
                Map.of("MFA_DATA_DIR", dataDir.toString(), "MFA_BASE_URL", "https://mfa.example.com"), args);
        run.outLines().forEach(line -> Secrets.register(line.replaceFirst(".*/signin/setup/", "")));
        return run;
    }

    /** The stored hashes of the account's links and whether each is revoked, oldest first. */
    private List<Map<String, Object>> storedLinks(String name) {
        return CommandRun.readDatabase(dataDir, jdbi -> jdbi.withHandle(h -> h.createQuery("""
                        SELECT token_hash, revoked_at FROM helpdesk_setup_links WHERE account_name = :name
                        ORDER BY created_at, revoked_at NULLS LAST""")
                .bind("name", name).mapToMap().list()));
    }

    private static String tokenOf(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    @Nested
    class HelpdeskAdd {

        @Test
        void printsTheSetupLinkAsTheLastLineAndStoresOnlyItsHash() {

            CommandRun run = run(PASSWORD + "\n", "helpdesk", "add", "kim");

            assertThat(run.exitCode()).isZero();
            assertThat(run.lastLine()).matches(LINK);
            List<Map<String, Object>> stored = storedLinks("kim");
            assertThat(stored).hasSize(1);
            assertThat(stored.get(0).get("token_hash")).isEqualTo(SecretTokens.sha256(tokenOf(run.lastLine())));
        }
    }

    @Nested
    class HelpdeskSetupLink {

        @Test
        void issuesANewLinkLastAndRevokesTheOldOne() {
            CommandRun added = run(PASSWORD + "\n", "helpdesk", "add", "lou");

            CommandRun again = run("", "helpdesk", "setup-link", "lou");
            CommandRun unknown = run("", "helpdesk", "setup-link", "nobody-here");

            assertThat(again.exitCode()).isZero();
            assertThat(again.lastLine()).matches(LINK).isNotEqualTo(added.lastLine());
            assertThat(storedLinks("lou")).hasSize(2)
                    .anySatisfy(row -> assertThat(row.get("token_hash"))
                            .isEqualTo(SecretTokens.sha256(tokenOf(added.lastLine()))))
                    .filteredOn(row -> row.get("revoked_at") != null).singleElement()
                    .satisfies(row -> assertThat(row.get("token_hash"))
                            .isEqualTo(SecretTokens.sha256(tokenOf(added.lastLine()))));
            assertThat(unknown.exitCode()).isEqualTo(2);
            assertThat(unknown.err()).contains("No link issued");
        }
    }

    @Nested
    class CompanySetupLink {

        private static final String COMPANY_LINK = "https://mfa.example.com/signin/oidc/setup/[A-Za-z0-9_-]{43}";

        /** The stored links of a company principal: hash and whether revoked, oldest first. */
        private List<Map<String, Object>> storedCompanyLinks(String principal) {
            return CommandRun.readDatabase(dataDir, jdbi -> jdbi.withHandle(h -> h.createQuery("""
                            SELECT token_hash, revoked_at FROM oidc_staff_setup_links WHERE principal = :p
                            ORDER BY created_at, revoked_at NULLS LAST""")
                    .bind("p", principal).mapToMap().list()));
        }

        @Test
        void printsTheLinkLastStoresOnlyItsHashAndANewOneRevokesTheOld() {
            CommandRun first = run("", "helpdesk", "setup-link", "--company", "kim.agent");
            CommandRun second = run("", "helpdesk", "setup-link", "--company", "kim.agent");
            first.outLines().forEach(line -> Secrets.register(line.replaceFirst(".*/signin/oidc/setup/", "")));
            second.outLines().forEach(line -> Secrets.register(line.replaceFirst(".*/signin/oidc/setup/", "")));

            assertThat(first.exitCode()).isZero();
            assertThat(first.lastLine()).matches(COMPANY_LINK);
            assertThat(first.out()).contains("oidc:kim.agent", "company account");
            assertThat(second.lastLine()).matches(COMPANY_LINK).isNotEqualTo(first.lastLine());
            List<Map<String, Object>> stored = storedCompanyLinks("oidc:kim.agent");
            assertThat(stored).hasSize(2);
            assertThat(stored.get(0).get("token_hash")).isEqualTo(SecretTokens.sha256(tokenOf(first.lastLine())));
            assertThat(stored.get(0).get("revoked_at")).isNotNull();
            assertThat(stored.get(1).get("token_hash")).isEqualTo(SecretTokens.sha256(tokenOf(second.lastLine())));
            assertThat(stored.get(1).get("revoked_at")).isNull();
        }

        @Test
        void refusesANameThatCannotBeACompanyAccount() {
            CommandRun refused = run("", "helpdesk", "setup-link", "--company", "two words");

            assertThat(refused.exitCode()).isEqualTo(2);
            assertThat(refused.err()).contains("No link issued");
            assertThat(refused.out()).isEmpty();
        }
    }
}
