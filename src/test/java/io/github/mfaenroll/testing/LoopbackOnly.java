package io.github.mfaenroll.testing;

import com.code_intelligence.jazzer.api.BugDetectors;
import java.util.Set;

/**
 * For fuzz tests that talk to servers on loopback (the app, the IAM simulator): Jazzer's SSRF detector expects those
 * connections, and any other host stays a finding.
 */
public final class LoopbackOnly {

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost");

    private LoopbackOnly() {
    }

    /** Call at the start of each fuzz input: Jazzer resets the allowed connections between inputs. */
    public static void allowConnections() {
        BugDetectors.allowNetworkConnections((host, port) -> LOOPBACK.contains(host));
    }
}
