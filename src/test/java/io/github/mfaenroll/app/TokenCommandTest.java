package io.github.mfaenroll.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.identity.SecretTokens;
import io.github.mfaenroll.testing.Secrets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code token create | list | revoke} as a script runs them, on the embedded database of a data directory. */
class TokenCommandTest {

    @TempDir
    Path dataDir;

    /** Runs the command line; a token it prints (the last line of stdout) is registered as a secret. */
    private CommandRun run(String... args) {
        CommandRun run = CommandRun.run(Map.of("MFA_DATA_DIR", dataDir.toString()), args);
        run.outLines().stream().filter(line -> line.startsWith("mfa_")).forEach(Secrets::register);
        return run;
    }

    private List<String> auditActors(String action) {
        return CommandRun.readDatabase(dataDir, jdbi -> jdbi.withHandle(h -> h.createQuery(
                "SELECT actor FROM audit_log WHERE action = :action").bind("action", action).mapTo(String.class)
                .list()));
    }

    @Test
    void createPrintsTheTokenOnceAsTheOnlyLineOfStdoutAndKeepsItsHash() {
        CommandRun created = run("token", "create", "ci-onboarding", "--scope", "links:write,users:read",
                "--expires", "P90D");

        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.outLines()).hasSize(1);
        String token = created.outLines().get(0);
        assertThat(token).matches("mfa_[A-Za-z0-9_-]{43}");
        assertThat(created.err()).contains("ci-onboarding").contains("links:write,users:read").contains("valid until")
                .doesNotContain(token);
        String hash = CommandRun.readDatabase(dataDir, jdbi -> jdbi.withHandle(h -> h.createQuery(
                "SELECT token_hash FROM api_tokens WHERE name = 'ci-onboarding'").mapTo(String.class).one()));
        assertThat(hash).isEqualTo(SecretTokens.sha256(token));
        assertThat(auditActors("API_TOKEN_CREATED")).containsExactly("cli:" + Main.systemUser());
    }

    @Test
    void listShowsEachTokensStateButNeverTheTokenOrItsHash() {
        String token = run("token", "create", "hr-sync", "--scope", "users:read").outLines().get(0);
        run("token", "create", "old-ci", "--scope", "links:write");
        run("token", "revoke", "old-ci");

        CommandRun list = run("token", "list");

        assertThat(list.exitCode()).isZero();
        assertThat(list.outLines().get(0)).isEqualTo("NAME\tSCOPES\tCREATED\tCREATED_BY\tEXPIRES\tLAST_USED\tSTATE");
        assertThat(list.outLines()).anySatisfy(line -> assertThat(line).startsWith("hr-sync\tusers:read\t")
                .endsWith("\tnever\tnever\tactive"));
        assertThat(list.outLines()).anySatisfy(line -> assertThat(line).startsWith("old-ci\tlinks:write\t")
                .endsWith("\trevoked"));
        assertThat(list.out()).doesNotContain(token).doesNotContain(SecretTokens.sha256(token));
    }

    @Test
    void revokeIsAuditedOnceAndSafeTwice() {
        run("token", "create", "pipeline", "--scope", "users:read");

        CommandRun first = run("token", "revoke", "pipeline");
        CommandRun second = run("token", "revoke", "pipeline");
        CommandRun unknown = run("token", "revoke", "never-made");

        assertThat(first.exitCode()).isZero();
        assertThat(first.out()).contains("Revoked API token pipeline.");
        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).contains("already revoked");
        assertThat(unknown.exitCode()).isEqualTo(TokenCommand.REFUSED);
        assertThat(unknown.err()).contains("no API token named never-made");
        assertThat(auditActors("API_TOKEN_REVOKED")).containsExactly("cli:" + Main.systemUser());
    }

    @Test
    void mistakesAreRefusedWithWhatToTypeAndNothingOnStdout() {
        run("token", "create", "taken", "--scope", "users:read");

        CommandRun unknownScope = run("token", "create", "a-name", "--scope", "users:write");
        CommandRun duplicate = run("token", "create", "taken", "--scope", "users:read");
        CommandRun badDuration = run("token", "create", "b-name", "--scope", "users:read", "--expires", "3 months");
        CommandRun badName = run("token", "create", "Bad Name", "--scope", "users:read");
        CommandRun noScope = run("token", "create", "c-name");

        for (CommandRun refused : List.of(unknownScope, duplicate, badDuration, badName, noScope)) {
            assertThat(refused.exitCode()).as(refused.err()).isEqualTo(TokenCommand.REFUSED);
            assertThat(refused.out()).isEmpty();
        }
        assertThat(unknownScope.err()).contains("Unknown scope users:write").contains("users:read");
        assertThat(duplicate.err()).contains("already an API token named taken").contains("taken-2");
        assertThat(badDuration.err()).contains("P90D");
        assertThat(badName.err()).contains("2 to 40 lower-case letters");
        assertThat(noScope.err()).contains("--scope");
        assertThat(run("token", "list").outLines()).hasSize(2);
    }

    @Test
    void anExpiryBeyondTenYearsIsRefusedInsteadOfOverflowing() {
        CommandRun overflowing = run("token", "create", "d-name", "--scope", "users:read", "--expires",
                "PT2562047788015215H");
        CommandRun pastTheDatabase = run("token", "create", "e-name", "--scope", "users:read", "--expires",
                "P100000000D");

        for (CommandRun refused : List.of(overflowing, pastTheDatabase)) {
            assertThat(refused.exitCode()).as(refused.err()).isEqualTo(TokenCommand.REFUSED);
            assertThat(refused.out()).isEmpty();
            assertThat(refused.err()).contains("P3650D");
        }
    }
}
