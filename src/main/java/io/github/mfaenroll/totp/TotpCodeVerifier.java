package io.github.mfaenroll.totp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Objects;

/**
 * The check of a single code at sign-in (the app's own second factor for local helpdesk accounts), as opposed to
 * {@link TotpVerifier}, which checks the two consecutive codes IAM wants at enrollment.
 *
 * <p>A code is accepted if it is TOTP(t) for some step {@code t} in {@code [n-w, n+w]} ({@code n} the current step,
 * {@code w} the window; RFC 6238 §5.2 recommends at most one step of network delay) and {@code t} is later than the
 * last step accepted for this key: RFC 6238 §5.2 forbids accepting the same code twice, and accepting only later
 * steps also refuses an older code typed after a newer one. The caller stores {@link Verdict.Accepted#step()} and
 * does its own rate limiting.
 */
public final class TotpCodeVerifier {

    /** The outcome of {@link #verify}. */
    public sealed interface Verdict {

        /** The code is TOTP({@code step}); store the step as the next {@code lastAcceptedStep}. */
        record Accepted(long step) implements Verdict {}

        /** The code is refused for {@code reason}. */
        record Rejected(Reason reason) implements Verdict {}

        /** Whether this verdict is {@link Accepted}. */
        default boolean accepted() {
            return this instanceof Accepted;
        }
    }

    /** Why a code was refused. */
    public enum Reason {
        /** Not exactly six ASCII digits once spaces are removed. */
        NOT_SIX_DIGITS,
        /** No step in the window has this code. */
        WRONG_CODE,
        /** The code is right but its step was accepted before (or an older step than one accepted before). */
        ALREADY_USED
    }

    private final Clock clock;
    private final TotpGenerator generator;
    private final int window;

    /** A verifier for the default code parameters (HmacSHA1, 6 digits, 30 s). */
    public TotpCodeVerifier(Clock clock, int acceptedWindowSteps) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.generator = new TotpGenerator();
        this.window = CodeInput.requireWindow(acceptedWindowSteps);
    }

    /** Checks a code; pass {@link Long#MIN_VALUE} as {@code lastAcceptedStep} for a key never used before. */
    public Verdict verify(TotpSecret secret, String code, long lastAcceptedStep) {
        Objects.requireNonNull(secret, "secret");
        String typed = CodeInput.withoutSpaces(code);
        if (typed.length() != 6 || !typed.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return new Verdict.Rejected(Reason.NOT_SIX_DIGITS);
        }
        byte[] typedBytes = typed.getBytes(StandardCharsets.US_ASCII);
        long n = generator.stepOf(clock.instant());
        long acceptedStep = Long.MIN_VALUE;
        boolean matchedUsedStep = false;
        for (long t = n - window; t <= n + window; t++) {
            if (t < 0) {
                continue; // before 1970: only reachable with a broken clock
            }
            byte[] expected = generator.codeAtStep(secret, t).getBytes(StandardCharsets.US_ASCII);
            // Constant time and no early exit: the timing must not tell how many digits of a guess were right.
            if (MessageDigest.isEqual(expected, typedBytes)) {
                if (t > lastAcceptedStep) {
                    acceptedStep = t;
                } else {
                    matchedUsedStep = true;
                }
            }
        }
        if (acceptedStep != Long.MIN_VALUE) {
            return new Verdict.Accepted(acceptedStep);
        }
        return new Verdict.Rejected(matchedUsedStep ? Reason.ALREADY_USED : Reason.WRONG_CODE);
    }
}
