package io.github.mfaenroll.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry;
import io.github.mfaenroll.audit.AuditLog;
import io.github.mfaenroll.testing.Secrets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code helpdesk add NAME [--admin]} as a script runs it: the password arrives on standard input, never as an option. */
class HelpdeskAddCommandTest {

    private static final String PASSWORD = Secrets.register("piped in passphrase 42");

    @TempDir
    Path dataDir;

    private CommandRun run(String stdin, String... args) {
        return CommandRun.runWithInput(stdin, env(), args);
    }

    private Map<String, String> env() {
        return Map.of("MFA_DATA_DIR", dataDir.toString(), "MFA_BASE_URL", "https://mfa.example.com");
    }

    /** The stored role of an account, read back from the database the command wrote to. */
    private Optional<String> storedRole(String name) {
        return CommandRun.readDatabase(dataDir, jdbi -> jdbi.withHandle(h -> h.createQuery(
                        "SELECT role FROM helpdesk_accounts WHERE name = :name").bind("name", name)
                .mapTo(String.class).findOne()));
    }

    private List<AuditEntry> audit() {
        return CommandRun.readDatabase(dataDir, jdbi -> new AuditLog(jdbi, Clock.systemUTC()).latest(10));
    }

    @Nested
    class WithThePasswordOnStandardInput {

        @Test
        void createsAHelpdeskAccountAndAuditsWhoDidIt() {

            CommandRun run = run(PASSWORD + "\n", "helpdesk", "add", "Dana.Agent");

            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).contains("Created helpdesk account dana.agent.")
                    .contains("https://mfa.example.com/signin");
            assertThat(storedRole("dana.agent")).contains("HELPDESK");
            assertThat(audit()).anyMatch(entry -> entry.action() == AuditAction.HELPDESK_ACCOUNT_CREATED
                    && entry.actor().equals("cli:" + System.getProperty("user.name"))
                    && entry.subject().equals("helpdesk:dana.agent"));
        }

        @Test
        void createsAnAdministratorWithAdmin() {

            CommandRun run = run(PASSWORD + "\r\n", "helpdesk", "add", "erin", "--admin");

            assertThat(run.exitCode()).isZero();
            assertThat(storedRole("erin")).contains("ADMIN");
        }

        @Test
        void storesOnlyAnArgon2idHashAndNeverPrintsThePassword() {

            CommandRun run = run(PASSWORD + "\n", "helpdesk", "add", "frank");

            String stored = CommandRun.readDatabase(dataDir, jdbi -> jdbi.withHandle(h -> h.createQuery(
                    "SELECT password_hash FROM helpdesk_accounts WHERE name = 'frank'").mapTo(String.class).one()));
            assertThat(stored).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain(PASSWORD);
            assertThat(run.out() + run.err()).doesNotContain(PASSWORD);
        }

        @Test
        void refusesAShortPasswordAnExistingNameAndAnEmptyInput() {
            run(PASSWORD + "\n", "helpdesk", "add", "gina");

            CommandRun shortPassword = run("too short\n", "helpdesk", "add", "hank");
            CommandRun existing = run(PASSWORD + "\n", "helpdesk", "add", "GINA");
            CommandRun empty = run("", "helpdesk", "add", "ivan");
            CommandRun badName = run(PASSWORD + "\n", "helpdesk", "add", "no spaces please");

            assertThat(shortPassword.exitCode()).isEqualTo(2);
            assertThat(shortPassword.err()).contains("at least 12 characters");
            assertThat(existing.exitCode()).isEqualTo(2);
            assertThat(existing.err()).contains("already exists");
            assertThat(empty.exitCode()).isEqualTo(2);
            assertThat(empty.err()).contains("No password on standard input");
            assertThat(badName.exitCode()).isEqualTo(2);
            assertThat(storedRole("hank")).isEmpty();
            assertThat(storedRole("ivan")).isEmpty();
        }
    }

    @Nested
    class WithThePasswordAsAnOption {

        @ParameterizedTest
        @ValueSource(strings = {"--password", "-p", "--password=", "-p="})
        void refusesItWithTheReasonAndCreatesNothing(String option) {
            String[] args = option.endsWith("=")
                    ? new String[] {"helpdesk", "add", "judy", option + PASSWORD}
                    : new String[] {"helpdesk", "add", "judy", option, PASSWORD};

            CommandRun run = run(PASSWORD + "\n", args);

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("never give a password as an option").contains("shell history");
            assertThat(run.out() + run.err()).doesNotContain(PASSWORD);
            assertThat(storedRole("judy")).isEmpty();
        }

        @Test
        void refusesItEvenBeforeTheName() {

            CommandRun run = run("", "helpdesk", "add", "-p", PASSWORD);

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("never give a password as an option");
        }

        @Test
        void keepsItOutOfTheHelp() {

            CommandRun run = run("", "helpdesk", "add", "--help");

            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).contains("--admin").doesNotContain("--password").doesNotContain("-p,");
        }
    }
}
