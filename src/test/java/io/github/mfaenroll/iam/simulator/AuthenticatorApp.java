package io.github.mfaenroll.iam.simulator;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.security.InvalidKeyException;
import java.security.Key;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;

/** Plays the phone: java-otp (independent of the simulator's own check) computing codes from a base32 seed. */
final class AuthenticatorApp {

    private static final Duration STEP = Duration.ofSeconds(30);

    private final Key key;
    private final TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator();

    AuthenticatorApp(String base32Seed) {
        this.key = new SecretKeySpec(new Base32().decode(base32Seed), "HmacSHA1");
    }

    String codeAt(Instant instant) {
        try {
            return generator.generateOneTimePasswordString(key, instant, Locale.ROOT);
        } catch (InvalidKeyException e) {
            throw new AssertionError(e);
        }
    }

    /** The two codes a person reads off the app, the second being the one shown at {@code instant}. */
    String[] consecutiveCodesEndingAt(Instant instant) {
        return new String[] {codeAt(instant.minus(STEP)), codeAt(instant)};
    }
}
