package io.github.mfaenroll.testing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every seed, code and token a test sees is registered here, so {@link LogHygiene} can prove none of them
 * reached a log line.
 */
public final class Secrets {

    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    private Secrets() {
    }

    public static String register(String secret) {
        if (secret != null && !secret.isBlank()) {
            SEEN.add(secret);
        }
        return secret;
    }

    static Set<String> seen() {
        return Set.copyOf(SEEN);
    }
}
