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

    private IamSimulator keptIn(Path file, AtomicInteger seedings) {
        return new IamSimulator(Clock.systemUTC(), DemoAccount.ACCOUNT_ID).keepAccountIn(file, simulator -> {
            seedings.incrementAndGet();
            DemoAccount.seed(simulator);
        });
    }

    @Test
    void theFirstSimulatorSeedsTheAccountAndTheSecondLoadsIt() {
        AtomicInteger seedings = new AtomicInteger();
        Path file = dir.resolve("account.json");

        IamSimulator first = keptIn(file, seedings);
        IamSimulator second = keptIn(file, seedings);

        assertThat(seedings).hasValue(1);
        assertThat(second.assignedSerials("carol")).isEqualTo(first.assignedSerials("carol")).hasSize(1);
    }

    @Test
    void whatOneSimulatorChangesTheOtherSees() {
        AtomicInteger seedings = new AtomicInteger();
        Path file = dir.resolve("account.json");
        IamSimulator server = keptIn(file, seedings);
        IamSimulator command = keptIn(file, seedings);

        String serial = server.addAssignedVirtualDevice("alice", "alice-phone");
        command.addUser("erin", true, Map.of());

        assertThat(command.deviceOwner(serial)).contains("alice");
        assertThat(command.seedOf(serial)).isEqualTo(server.seedOf(serial));
        assertThat(server.assignedSerials("erin")).isEmpty();
        assertThat(server.virtualDeviceSerials()).containsExactlyInAnyOrderElementsOf(command.virtualDeviceSerials());
    }

    @Test
    void anUnreadableFileIsNamedWithWhatToDo() throws Exception {
        Path file = dir.resolve("account.json");
        Files.writeString(file, "{ not json");

        assertThatThrownBy(() -> keptIn(file, new AtomicInteger()))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("delete the file to start the demo account afresh");
    }

    @Test
    void anotherAccountsFileIsRefused() {
        Path file = dir.resolve("account.json");
        keptIn(file, new AtomicInteger());

        assertThatThrownBy(() -> new IamSimulator(Clock.systemUTC(), "210987654321").keepAccountIn(file, s -> { }))
                .hasMessageContaining("cannot be read");
    }
}
