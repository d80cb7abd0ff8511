package io.github.mfaenroll.totp;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.security.InvalidKeyException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 codes for a {@link TotpSecret}, on top of java-otp's {@link TimeBasedOneTimePasswordGenerator}.
 *
 * <p>Codes are always strings, zero-padded to the configured length: java-otp's {@code int} variant drops leading
 * zeros, and its locale-less string variant formats with the default locale, which may use non-ASCII digits.
 * Instances are immutable and thread-safe (java-otp clones its {@code Mac} per call).
 */
public final class TotpGenerator {

    private static final Set<String> ALGORITHMS = Set.of(
            TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1,
            TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA256,
            TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA512);

    private final TimeBasedOneTimePasswordGenerator otp;
    private final Duration step;
    private final long stepSeconds;
    private final int digits;
    private final String algorithm;

    /** The parameters every authenticator app and AWS use: HmacSHA1, 6 digits, 30 s. */
    public TotpGenerator() {
        this(Duration.ofSeconds(30), 6, TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);
    }

    /**
     * @param step a positive whole number of seconds
     * @param digits 6 to 8
     * @param hmacAlgorithm {@code "HmacSHA1"}, {@code "HmacSHA256"} or {@code "HmacSHA512"}
     */
    public TotpGenerator(Duration step, int digits, String hmacAlgorithm) {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(hmacAlgorithm, "hmacAlgorithm");
        if (step.isNegative() || step.isZero() || step.getNano() != 0) {
            throw new IllegalArgumentException("step must be a positive whole number of seconds: " + step);
        }
        if (digits < 6 || digits > 8) {
            throw new IllegalArgumentException("digits must be 6, 7 or 8: " + digits);
        }
        if (!ALGORITHMS.contains(hmacAlgorithm)) {
            throw new IllegalArgumentException("unsupported algorithm: " + hmacAlgorithm);
        }
        this.otp = new TimeBasedOneTimePasswordGenerator(step, digits, hmacAlgorithm);
        this.step = step;
        this.stepSeconds = step.getSeconds();
        this.digits = digits;
        this.algorithm = hmacAlgorithm;
    }

    /** The code valid at {@code time}. */
    public String codeAt(TotpSecret secret, Instant time) {
        return codeAtStep(secret, stepOf(time));
    }

    /**
     * The code of time step {@code step} (seconds since the epoch divided by the step length).
     *
     * @throws IllegalArgumentException if {@code step} is negative (before 1970, where java-otp's arithmetic
     *     would round towards zero and give the code of the wrong step)
     */
    public String codeAtStep(TotpSecret secret, long step) {
        Objects.requireNonNull(secret, "secret");
        if (step < 0) {
            throw new IllegalArgumentException("step must not be negative: " + step);
        }
        Instant startOfStep = Instant.ofEpochSecond(Math.multiplyExact(step, stepSeconds));
        try {
            return otp.generateOneTimePasswordString(
                    new SecretKeySpec(secret.keyBytes(), algorithm), startOfStep, Locale.ROOT);
        } catch (InvalidKeyException e) {
            // HMAC accepts keys of any non-empty length, and TotpSecret is never empty.
            throw new IllegalStateException("HMAC rejected the key", e);
        }
    }

    /** The time step {@code time} falls in. */
    public long stepOf(Instant time) {
        return Math.floorDiv(Objects.requireNonNull(time, "time").getEpochSecond(), stepSeconds);
    }

    /** The length of a time step. */
    public Duration step() {
        return step;
    }

    /** Code length; package-private because only the verifier needs it (IAM takes 6-digit codes only). */
    int digits() {
        return digits;
    }
}
