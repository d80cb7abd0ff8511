package io.github.mfaenroll.audit;

import java.security.SecureRandom;

/**
 * Short reference ids (e.g. {@code R-7KQ2M9XA}) printed on error pages and written to the log and the audit entry
 * of the same event, so a helpdesk agent can find what went wrong from what the user reads out.
 */
public final class References {

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private References() {
    }

    public static String next() {
        StringBuilder ref = new StringBuilder("R-");
        for (int i = 0; i < 8; i++) {
            ref.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return ref.toString();
    }
}
