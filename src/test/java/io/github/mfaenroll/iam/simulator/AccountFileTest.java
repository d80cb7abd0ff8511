package io.github.mfaenroll.iam.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two simulators keeping one account in one file behave as two clients of one AWS account. */
class AccountFileTest {

    @TempDir
    Path dir;

    /** How many times a simulator seeded the demo account (it does so only when the file is not there yet). */
    private final AtomicInteger seedings = new AtomicInteger();

    private Path file() {
        return dir.resolve("account.json");
    }

    /** One more simulator (a server, a command) keeping the demo account in this test's file. */
    private IamSimulator keptInTheFile() {
        return new IamSimulator(Clock.systemUTC(), DemoAccount.ACCOUNT_ID).keepAccountIn(file(), simulator -> {
            seedings.incrementAndGet();
            DemoAccount.seed(simulator);
        });
    }

    @Test
    void theFirstSimulatorSeedsTheAccountAndTheSecondLoadsIt() {
        IamSimulator first = keptInTheFile();
        IamSimulator second = keptInTheFile();

        assertThat(seedings).hasValue(1);
        assertThat(second.assignedSerials("carol")).isEqualTo(first.assignedSerials("carol")).hasSize(1);
    }

    @Test
    void whatOneSimulatorChangesTheOtherSees() {
        IamSimulator server = keptInTheFile();
        IamSimulator command = keptInTheFile();

        String serial = server.addAssignedVirtualDevice("alice", "alice-phone");
        command.addUser("erin", true, Map.of());

        assertThat(command.deviceOwner(serial)).contains("alice");
        assertThat(command.seedOf(serial)).isEqualTo(server.seedOf(serial));
        assertThat(server.assignedSerials("erin")).isEmpty();
        assertThat(server.virtualDeviceSerials()).containsExactlyInAnyOrderElementsOf(command.virtualDeviceSerials());
    }

    @Test
    void anUnreadableFileIsNamedWithWhatToDo() throws Exception {
        Files.writeString(file(), "{ not json");

        assertThatThrownBy(this::keptInTheFile)
                .hasMessageContaining(file().toString())
                .hasMessageContaining("delete the file to start the demo account afresh");
    }

    @Test
    void anotherAccountsFileIsRefused() {
        keptInTheFile();

        assertThatThrownBy(() -> new IamSimulator(Clock.systemUTC(), "210987654321").keepAccountIn(file(), s -> { }))
                .hasMessageContaining("cannot be read");
    }
}
