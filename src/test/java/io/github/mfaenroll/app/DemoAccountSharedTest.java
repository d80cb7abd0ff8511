package io.github.mfaenroll.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.iam.simulator.DemoAccount;
import io.github.mfaenroll.testing.HttpWizard;
import io.github.mfaenroll.testing.TestAppExtension;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The demo's simulated AWS account lives in the data directory: what a person does in the running {@code serve
 * --demo} is what every {@code --demo} command run in the same directory sees, as with one real account.
 */
class DemoAccountSharedTest {

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo();

    @Test
    void anEnrollmentInTheRunningDemoShowsInReportDemoRunInTheSameDataDirectory() {
        HttpWizard.enroll(app.signedInAs("alice"), app.clock());

        CommandRun report = CommandRun.run(Map.of("MFA_DATA_DIR", app.dataDir().toString()), "report", "--demo");

        assertThat(report.exitCode()).isZero();
        assertThat(report.out()).contains("alice,arn:aws:iam::123456789012:user/alice,COMPLIANT_WITH_MFA,true,true,")
                .contains("bob,arn:aws:iam::123456789012:user/bob,NON_COMPLIANT,true,false,");
    }

    @Test
    void theKeptAccountHoldsDemoSeedsSoOnlyTheAppsOsUserMayReadIt() throws Exception {
        var file = app.dataDir().resolve(DemoAccount.FILE_NAME);

        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
