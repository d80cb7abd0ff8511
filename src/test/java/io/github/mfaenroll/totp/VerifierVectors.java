package io.github.mfaenroll.totp;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The key, the other key and the moment the verifier tests share. NOW is 17 s into step N, chosen so that TOTP(N-1)
 * is "033255", a code with a leading zero.
 */
final class VerifierVectors {

    static final TotpGenerator GENERATOR = new TotpGenerator();
    static final TotpSecret SECRET = TotpSecret.fromBase32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    static final TotpSecret OTHER_SECRET = TotpSecret.fromBase32("KRSXG5CTMVRXEZLUORSXG5CTMVRXEZLU");
    static final Instant NOW = Instant.parse("2026-03-15T10:00:47Z");
    static final long N = GENERATOR.stepOf(NOW);
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private VerifierVectors() {
    }

    /** The code of step N + {@code offset}. */
    static String at(long offset) {
        return GENERATOR.codeAtStep(SECRET, N + offset);
    }

    /** The other key's code of step N + {@code offset}. */
    static String otherKeyAt(long offset) {
        return GENERATOR.codeAtStep(OTHER_SECRET, N + offset);
    }
}
