package io.github.mfaenroll.testing;

import io.github.mfaenroll.iam.simulator.IamSimulator;
import java.util.HashMap;
import java.util.Map;

/** Counts the IAM calls the simulator received, per action, while something ran. */
public final class IamCalls {

    private IamCalls() {
    }

    /** The calls each action received while {@code walk} ran; actions not called are left out. */
    public static Map<String, Integer> during(IamSimulator simulator, Runnable walk) {
        Map<String, Integer> before = simulator.requestCounts();

        walk.run();

        Map<String, Integer> calls = new HashMap<>(simulator.requestCounts());
        before.forEach((action, count) -> calls.merge(action, -count, Integer::sum));
        calls.values().removeIf(count -> count == 0);
        return calls;
    }
}
