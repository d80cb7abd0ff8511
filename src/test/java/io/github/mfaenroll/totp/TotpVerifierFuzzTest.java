package io.github.mfaenroll.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.InRange;
import io.github.mfaenroll.totp.PairVerdict.Accepted;
import io.github.mfaenroll.totp.PairVerdict.Reason;
import io.github.mfaenroll.totp.PairVerdict.Rejected;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever a person types into the two code fields, the verifier answers with a verdict that follows its own
 * rules, and never throws. The fuzzer gets the real pair as well (shifted by a fuzzed number of steps, with fuzzed
 * text typed into the middle of each code), so the accepting and clock-diagnosing paths are reached, not only
 * "not six digits".
 */
@Tag("fuzz")
class TotpVerifierFuzzTest {

    private static final TotpGenerator GENERATOR = new TotpGenerator();
    private static final TotpSecret SECRET = TotpSecret.fromBase32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    private static final long NOW = Instant.parse("2026-11-23T10:00:00Z").getEpochSecond();
    /** The clock is fuzzed from before 1970 (a broken clock) to the year 9999; IAM's own dates end there too. */
    private static final long LATEST_CLOCK = 253_402_300_799L; // 9999-12-31T23:59:59Z
    private static final EnumSet<Reason> CLOCK_REASONS = EnumSet.of(Reason.CLOCK_AHEAD, Reason.CLOCK_BEHIND);

    static Stream<Arguments> typedPairs() {
        return Stream.of(
                arguments(named("both empty", ""), "", false, 0, 1, Long.MIN_VALUE, NOW),
                arguments(named("spaces and no-break spaces", "123 456"), "654\u00a0321", false, 0, 1, Long.MIN_VALUE, NOW),
                arguments(named("full-width and Arabic-Indic digits", "１２３４５６"), "١٢٣٤٥٦", false, 0, 1, Long.MIN_VALUE, NOW),
                arguments(named("lone surrogates", "\ud800"), "\udfff", false, 0, 1, Long.MIN_VALUE, NOW),
                arguments(named("the real pair", ""), "", true, 0, 1, Long.MIN_VALUE, NOW),
                arguments(named("the real pair with a space and a figure space", " "), "\u2007\t", true, 0, 1, Long.MIN_VALUE, NOW),
                arguments(named("the real pair, used before", ""), "", true, 0, 1, Long.MAX_VALUE, NOW),
                arguments(named("the real pair, clock 3 minutes behind", ""), "", true, 6, 1, Long.MIN_VALUE, NOW),
                arguments(named("the real pair, clock 7 minutes ahead", ""), "", true, -15, 1, Long.MIN_VALUE, NOW),
                arguments(named("the real pair at the epoch", ""), "", true, 0, 10, Long.MIN_VALUE, 0L),
                arguments(named("the real pair in the year 9999", ""), "", true, 0, 0, Long.MIN_VALUE, LATEST_CLOCK),
                arguments(named("a clock before 1970", "x"), "", true, 0, 1, Long.MIN_VALUE, -1L));
    }

    @MethodSource("typedPairs") // Jazzer wants @FuzzTest last
    @FuzzTest(maxDuration = "5s")
    void anyTypedPairGetsAVerdictThatFollowsTheRules(String typed1, String typed2, boolean aroundTheRealPair,
                                                     @InRange(min = -25, max = 25) int pairOffsetSteps,
                                                     @InRange(min = 0, max = 10) int window, long lastAcceptedStep,
                                                     @InRange(min = -1_000_000, max = LATEST_CLOCK) long clockSeconds) {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(clockSeconds), ZoneOffset.UTC);
        long now = GENERATOR.stepOf(clock.instant());
        long realFirstStep = now + pairOffsetSteps - 1;
        boolean realPair = aroundTheRealPair && realFirstStep >= 0;
        String code1 = realPair ? typedInto(GENERATOR.codeAtStep(SECRET, realFirstStep), typed1) : typed1;
        String code2 = realPair ? typedInto(GENERATOR.codeAtStep(SECRET, realFirstStep + 1), typed2) : typed2;

        PairVerdict verdict = new TotpVerifier(clock, window).verifyPair(SECRET, code1, code2, lastAcceptedStep);

        String digits1 = TotpVerifier.normalize(code1);
        String digits2 = TotpVerifier.normalize(code2);
        assertNormalized(code1, digits1);
        assertNormalized(code2, digits2);
        assertThat(verdict).isNotNull();
        if (!digits1.matches("[0-9]{6}") || !digits2.matches("[0-9]{6}")) {
            assertThat(verdict).isEqualTo(new Rejected(Reason.NOT_SIX_DIGITS, 0));
        }
        if (verdict instanceof Accepted accepted) {
            // Never more than rule 3 allows: a consecutive pair of this key, inside the window, not used before.
            assertThat(digits1).isEqualTo(GENERATOR.codeAtStep(SECRET, accepted.firstStep()));
            assertThat(digits2).isEqualTo(GENERATOR.codeAtStep(SECRET, accepted.secondStep()));
            assertThat(Math.abs(accepted.secondStep() - now)).isLessThanOrEqualTo(window);
            assertThat(accepted.firstStep()).isGreaterThan(lastAcceptedStep);
        } else {
            Rejected rejected = (Rejected) verdict;
            assertThat(rejected.clockOffsetSeconds()).isNotNegative().isEqualTo(rejected.clockOffsetSeconds() / 30 * 30);
            if (!CLOCK_REASONS.contains(rejected.reason())) {
                assertThat(rejected.clockOffsetSeconds()).isZero();
            }
        }
        boolean onlySpacesTyped = realPair && digits1.length() == 6 && digits2.length() == 6;
        if (onlySpacesTyped && Math.abs(pairOffsetSteps) <= window && !digits1.equals(digits2)
                && realFirstStep > lastAcceptedStep) {
            // And never less: the real pair inside the window is accepted (a later pair may win; still accepted).
            assertThat(verdict).isInstanceOf(Accepted.class);
        }
    }

    /** What a person does with a code: types something in the middle of it. */
    private static String typedInto(String code, String typed) {
        return code.substring(0, 3) + (typed == null ? "" : typed) + code.substring(3);
    }

    private static void assertNormalized(String typed, String normalized) {
        assertThat(normalized.codePoints()).noneMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c));
        assertThat(TotpVerifier.normalize(normalized)).isEqualTo(normalized);
        assertThat(normalized.length()).isLessThanOrEqualTo(typed == null ? 0 : typed.length());
    }
}
