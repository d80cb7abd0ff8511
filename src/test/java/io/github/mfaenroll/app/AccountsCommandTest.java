package io.github.mfaenroll.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.iam.simulator.DemoAccount;
import io.github.mfaenroll.iam.simulator.DemoOrganization;
import io.github.mfaenroll.iam.simulator.IamSimulator;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code accounts --demo}: the demo organization's three accounts, each with whether the app can reach it. */
class AccountsCommandTest {

    @TempDir
    Path dataDir;

    private CommandRun run(String... args) {
        return CommandRun.run(Map.of("MFA_DATA_DIR", dataDir.toString()), args);
    }

    @Test
    void listsEveryDemoAccountAsReachable() {

        CommandRun run = run("accounts", "--demo");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("""
                123456789012  demo-corp  own     reachable
                234567890123  demo-dev   member  reachable
                345678901234  demo-prod  member  reachable
                """);
        assertThat(run.err()).contains("3 account(s), all reachable.");
    }

    @Test
    void anAccountWhoseRoleCannotBeAssumedIsListedWithAwsReasonAndTheCommandFails() {
        // The demo organization is kept in the data directory: deny the role there, as a broken StackSet would.
        new IamSimulator(Clock.systemUTC(), DemoOrganization.MANAGEMENT_ID)
                .keepAccountIn(dataDir.resolve(DemoAccount.FILE_NAME), DemoOrganization::seed)
                .denyAssumeRole(DemoOrganization.PROD_ID);

        CommandRun run = run("accounts", "--demo");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.outLines()).hasSize(3);
        assertThat(run.outLines().get(1)).isEqualTo("234567890123  demo-dev   member  reachable");
        assertThat(run.outLines().get(2)).startsWith("345678901234  demo-prod  member  unreachable: AccessDenied: User: ")
                .endsWith("is not authorized to perform: sts:AssumeRole on resource: "
                        + "arn:aws:iam::345678901234:role/mfa-enroll");
        assertThat(run.err()).contains("3 account(s), 1 unreachable");
    }
}
