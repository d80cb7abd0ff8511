package io.github.mfaenroll.totp;

import io.github.mfaenroll.totp.PairVerdict.Accepted;
import io.github.mfaenroll.totp.PairVerdict.Reason;
import io.github.mfaenroll.totp.PairVerdict.Rejected;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.stream.LongStream;

/**
 * The local check of the two consecutive codes a user types to enroll a virtual MFA device, done before IAM is
 * called so that each mistake gets its own message instead of IAM's single {@code InvalidAuthenticationCode}.
 *
 * <p>With {@code n} the current step and {@code w} the accepted window, the rules, applied in order, are:
 * <ol>
 *   <li>Each code is trimmed and its inner spaces (any whitespace, including no-break spaces) removed, so
 *       "123 456" is fine; it must then be exactly six ASCII digits, else {@link Reason#NOT_SIX_DIGITS}. A missing
 *       ({@code null}) code counts as empty.</li>
 *   <li>The same code twice: {@link Reason#SAME_CODE_TWICE}.</li>
 *   <li>Accepted if, for some step {@code t} with {@code t+1} in {@code [n-w, n+w]}, code 1 is TOTP(t) and code 2
 *       is TOTP(t+1); the most recent such {@code t} wins.</li>
 *   <li>Code 1 is TOTP(t+1) and code 2 is TOTP(t) for such a {@code t}: {@link Reason#WRONG_ORDER}.</li>
 *   <li>Both codes match steps in {@code [n-w-1, n+w]} but not consecutively: {@link Reason#NOT_CONSECUTIVE}.</li>
 *   <li>A consecutive pair with {@code t+1} in {@code [n-20, n+20]} (ten minutes at 30 s), the nearest to now,
 *       gives offset {@code (t+1-n) * step}: in the future, {@link Reason#CLOCK_AHEAD}; in the past by less than
 *       120 s, {@link Reason#TOO_OLD} (typed late); in the past by 120 s or more, {@link Reason#CLOCK_BEHIND}. The
 *       offset is reported as a positive number of seconds for the two clock reasons, else 0.</li>
 *   <li>Both codes match steps in {@code [n-20, n+20]}, none of the above: {@link Reason#WRONG_ORDER} if they are
 *       consecutive the wrong way round, else {@link Reason#NOT_CONSECUTIVE}. (They are from this key, so
 *       "scan again" would be wrong advice.)</li>
 *   <li>Only code 2 matches a step in {@code [n-20, n+20]}: {@link Reason#FIRST_CODE_WRONG}; only code 1:
 *       {@link Reason#SECOND_CODE_WRONG}.</li>
 *   <li>Otherwise {@link Reason#NOT_THIS_KEY}: the app holds a different key.</li>
 *   <li>Replay (RFC 6238 §5.2): a pair that rule 3 accepts but whose first step is {@code <= lastAcceptedStep} is
 *       {@link Reason#ALREADY_USED}. Pass {@link Accepted#secondStep()} of the previous acceptance, so that no
 *       single code is accepted twice either.</li>
 * </ol>
 *
 * <p>Rate limiting is left to the caller (NIST SP 800-63B: at most 100 consecutive failures per account); the
 * extra search makes the verdicts precise but never accepts more than rule 3 does.
 */
public final class TotpVerifier {

    private static final int SEARCH_STEPS = 20;
    private static final long TOO_OLD_BELOW_SECONDS = 120;

    private final Clock clock;
    private final TotpGenerator generator;
    private final long stepSeconds;
    private final int window;

    /** A verifier for the default code parameters (HmacSHA1, 6 digits, 30 s); use a window of 1. */
    public TotpVerifier(Clock clock, int acceptedWindowSteps) {
        this(clock, new TotpGenerator(), acceptedWindowSteps);
    }

    /** A verifier for {@code generator}'s step and algorithm, which must produce 6-digit codes. */
    public TotpVerifier(Clock clock, TotpGenerator generator, int acceptedWindowSteps) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.generator = Objects.requireNonNull(generator, "generator");
        if (generator.digits() != 6) {
            throw new IllegalArgumentException("IAM takes 6-digit codes; generator makes " + generator.digits());
        }
        this.stepSeconds = generator.step().getSeconds();
        this.window = CodeInput.requireWindow(acceptedWindowSteps);
    }

    /** Checks a pair without replay protection (first enrollment of a fresh secret). */
    public PairVerdict verifyPair(TotpSecret secret, String code1, String code2) {
        return verifyPair(secret, code1, code2, Long.MIN_VALUE);
    }

    /** Checks a pair; a pair starting at or before {@code lastAcceptedStep} is {@link Reason#ALREADY_USED}. */
    public PairVerdict verifyPair(TotpSecret secret, String code1, String code2, long lastAcceptedStep) {
        Objects.requireNonNull(secret, "secret");
        String first = CodeInput.withoutSpaces(code1);
        String second = CodeInput.withoutSpaces(code2);
        if (!isSixDigits(first) || !isSixDigits(second)) {
            return rejected(Reason.NOT_SIX_DIGITS);
        }
        // Plain equals is fine here: both strings come from the user, so the timing says nothing about the key.
        if (first.equals(second)) {
            return rejected(Reason.SAME_CODE_TWICE);
        }
        long n = generator.stepOf(clock.instant());
        Matches matches = new Matches(generator, secret, first, second, n - SEARCH_STEPS - 1, n + SEARCH_STEPS);
        long windowFrom = n - window - 1; // the first code of a pair ending at n - w
        long windowTo = n + window;

        OptionalLong accepted = matches.latestPairStartingIn(windowFrom, windowTo - 1);
        if (accepted.isPresent()) {
            long firstStep = accepted.getAsLong();
            return firstStep <= lastAcceptedStep ? rejected(Reason.ALREADY_USED) : new Accepted(firstStep);
        }
        if (matches.swappedPairStartingIn(windowFrom, windowTo - 1)) {
            return rejected(Reason.WRONG_ORDER);
        }
        if (matches.bothIn(windowFrom, windowTo)) {
            return rejected(Reason.NOT_CONSECUTIVE);
        }
        for (long distance = window + 1; distance <= SEARCH_STEPS; distance++) {
            if (matches.pairEndingAt(n + distance)) {
                return new Rejected(Reason.CLOCK_AHEAD, distance * stepSeconds);
            }
            if (matches.pairEndingAt(n - distance)) {
                return distance * stepSeconds < TOO_OLD_BELOW_SECONDS
                        ? rejected(Reason.TOO_OLD)
                        : new Rejected(Reason.CLOCK_BEHIND, distance * stepSeconds);
            }
        }
        long searchFrom = n - SEARCH_STEPS;
        long searchTo = n + SEARCH_STEPS;
        if (matches.bothIn(searchFrom, searchTo)) {
            boolean swapped = matches.swappedPairStartingIn(searchFrom, searchTo - 1);
            return rejected(swapped ? Reason.WRONG_ORDER : Reason.NOT_CONSECUTIVE);
        }
        if (matches.firstIn(searchFrom, searchTo)) {
            return rejected(Reason.SECOND_CODE_WRONG);
        }
        if (matches.secondIn(searchFrom, searchTo)) {
            return rejected(Reason.FIRST_CODE_WRONG);
        }
        return rejected(Reason.NOT_THIS_KEY);
    }

    private static Rejected rejected(Reason reason) {
        return new Rejected(reason, 0);
    }

    /**
     * A typed code as it is checked (and must be sent on, e.g. to IAM): every kind of space removed, including
     * no-break spaces and tabs that phones and copy-paste insert.
     */
    public static String normalize(String code) {
        return CodeInput.withoutSpaces(code);
    }

    private static boolean isSixDigits(String code) {
        return code.length() == 6 && code.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** Which steps in {@code [from, to]} each typed code matches. */
    private static final class Matches {
        private final long base;
        private final boolean[] first;
        private final boolean[] second;

        Matches(TotpGenerator generator, TotpSecret secret, String code1, String code2, long from, long to) {
            this.base = from;
            this.first = new boolean[(int) (to - from + 1)];
            this.second = new boolean[first.length];
            byte[] typed1 = code1.getBytes(StandardCharsets.US_ASCII);
            byte[] typed2 = code2.getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < first.length; i++) {
                if (base + i < 0) {
                    continue; // before 1970: only reachable with a broken clock
                }
                byte[] expected = generator.codeAtStep(secret, base + i).getBytes(StandardCharsets.US_ASCII);
                // Constant time, and every step is compared: String.equals stops at the first differing digit,
                // and that timing would let an attacker confirm a code digit by digit.
                first[i] = MessageDigest.isEqual(expected, typed1);
                second[i] = MessageDigest.isEqual(expected, typed2);
            }
        }

        OptionalLong latestPairStartingIn(long from, long to) {
            return LongStream.iterate(to, t -> t >= from, t -> t - 1).filter(t -> pairEndingAt(t + 1)).findFirst();
        }

        boolean swappedPairStartingIn(long from, long to) {
            return LongStream.rangeClosed(from, to).anyMatch(t -> hit(second, t) && hit(first, t + 1));
        }

        boolean pairEndingAt(long step) {
            return hit(first, step - 1) && hit(second, step);
        }

        boolean bothIn(long from, long to) {
            return firstIn(from, to) && secondIn(from, to);
        }

        boolean firstIn(long from, long to) {
            return LongStream.rangeClosed(from, to).anyMatch(s -> hit(first, s));
        }

        boolean secondIn(long from, long to) {
            return LongStream.rangeClosed(from, to).anyMatch(s -> hit(second, s));
        }

        private boolean hit(boolean[] hits, long step) {
            return step >= base && step < base + hits.length && hits[(int) (step - base)];
        }
    }
}
