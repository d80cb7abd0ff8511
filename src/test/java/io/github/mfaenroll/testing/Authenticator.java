package io.github.mfaenroll.testing;

import io.github.mfaenroll.totp.TotpGenerator;
import io.github.mfaenroll.totp.TotpSecret;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Plays the phone app: reads the typed key from the scan page and produces codes on the shared clock. */
public final class Authenticator {

    private static final Pattern KEY = Pattern.compile("id=\"setup-key\">([A-Z2-7 ]+)<");

    private final TotpSecret secret;
    private final Clock clock;
    private final TotpGenerator generator = new TotpGenerator();

    private Authenticator(TotpSecret secret, Clock clock) {
        this.secret = secret;
        this.clock = clock;
    }

    public static Authenticator fromScanPage(String html, Clock clock) {
        Matcher key = KEY.matcher(html);
        if (!key.find()) {
            throw new AssertionError("scan page shows no setup key");
        }
        Secrets.register(key.group(1).replace(" ", ""));
        return new Authenticator(TotpSecret.fromBase32(key.group(1)), clock);
    }

    /**
     * An authenticator holding a known base32 seed (e.g. {@code app.simulator().seedOf(serial)}), reading the time
     * from {@code clock}: pass {@code Clock.offset(app.clock(), drift)} for a phone whose clock is off.
     */
    public static Authenticator fromSeed(String base32, Clock clock) {
        Secrets.register(base32);
        return new Authenticator(TotpSecret.fromBase32(base32), clock);
    }

    /** The code shown {@code stepsFromNow} steps away from now (0 = now, -1 = the previous one). */
    public String code(int stepsFromNow) {
        long step = generator.stepOf(clock.instant()) + stepsFromNow;
        return Secrets.register(generator.codeAtStep(secret, step));
    }

    public String base32() {
        return secret.base32();
    }
}
