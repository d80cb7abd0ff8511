package io.github.mfaenroll.iam.simulator;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;

/**
 * The TOTP side of a virtual MFA device as IAM runs it: RFC 6238 with HmacSHA1, 6 digits, 30-second steps
 * (what every authenticator app uses for AWS), seeds of 40 random bytes shown as 64 base32 characters.
 */
final class TotpCodes {

    static final long STEP_SECONDS = 30;
    private static final int SEED_BYTES = 40;

    private TotpCodes() {
    }

    /** 40 random bytes as base32 without padding: 64 characters, the length AWS hands out. */
    static String newSeed(SecureRandom random) {
        byte[] bytes = new byte[SEED_BYTES];
        random.nextBytes(bytes);
        return new Base32().encodeAsString(bytes);
    }

    static long stepAt(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), STEP_SECONDS);
    }

    /**
     * Whether {@code code1 = TOTP(t)} and {@code code2 = TOTP(t+1)} for some t with {@code t+1} in
     * {@code [nowStep - stepsBack, nowStep + stepsAhead]}. Two consecutive codes are what IAM asks for: they
     * prove the authenticator holds the seed and that its clock advances in step.
     */
    static boolean consecutiveCodesMatch(String seed, String code1, String code2, long nowStep,
            int stepsBack, int stepsAhead) {
        Key key = new SecretKeySpec(new Base32().decode(seed), TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);
        TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator();
        boolean matched = false;
        String next = code(generator, key, nowStep + stepsAhead);
        for (long second = nowStep + stepsAhead; second >= nowStep - stepsBack; second--) {
            String first = code(generator, key, second - 1);
            // Every candidate is compared (no early exit) in constant time: cheap, and no timing hint about
            // which step matched. A simulator need not resist timing attacks, but it should not teach bad habits.
            matched |= equal(first, code1) & equal(next, code2);
            next = first;
        }
        return matched;
    }

    private static String code(TimeBasedOneTimePasswordGenerator generator, Key key, long step) {
        try {
            // The String variant keeps leading zeros; Locale.ROOT keeps the digits ASCII.
            return generator.generateOneTimePasswordString(key, Instant.ofEpochSecond(step * STEP_SECONDS), Locale.ROOT);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA1 rejected a seed key", e);
        }
    }

    private static boolean equal(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
