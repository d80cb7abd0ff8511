package io.github.mfaenroll.bench;

import io.github.mfaenroll.totp.PairVerdict;
import io.github.mfaenroll.totp.TotpGenerator;
import io.github.mfaenroll.totp.TotpSecret;
import io.github.mfaenroll.totp.TotpVerifier;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What one press of "Verify" costs the server in {@link TotpVerifier}: the accepted pair (the common case), a pair
 * from a phone whose clock is minutes off (the drift search), and a pair from another key (the whole ±10 minute
 * search, the worst case). A frozen clock keeps every run on the same path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TotpVerifierBenchmark {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private TotpVerifier verifier;
    private TotpSecret secret;
    private String[] accepted;
    private String[] drifted;
    private String[] otherKey;

    @Setup
    public void setUp() {
        TotpGenerator generator = new TotpGenerator();
        verifier = new TotpVerifier(Clock.fixed(NOW, ZoneOffset.UTC), 1);
        secret = TotpSecret.fromBase32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
        TotpSecret another = TotpSecret.fromBase32("KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TF");
        long now = generator.stepOf(NOW);
        accepted = new String[] {generator.codeAtStep(secret, now - 1), generator.codeAtStep(secret, now)};
        drifted = new String[] {generator.codeAtStep(secret, now + 9), generator.codeAtStep(secret, now + 10)};
        otherKey = new String[] {generator.codeAtStep(another, now - 1), generator.codeAtStep(another, now)};
    }

    @Benchmark
    public PairVerdict acceptedPair() {
        return verifier.verifyPair(secret, accepted[0], accepted[1]);
    }

    @Benchmark
    public PairVerdict phoneFiveMinutesAhead() {
        return verifier.verifyPair(secret, drifted[0], drifted[1]);
    }

    @Benchmark
    public PairVerdict pairFromAnotherKey() {
        return verifier.verifyPair(secret, otherKey[0], otherKey[1]);
    }
}
