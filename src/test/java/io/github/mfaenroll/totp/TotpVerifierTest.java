package io.github.mfaenroll.totp;

import static io.github.mfaenroll.totp.PairVerdict.Reason.ALREADY_USED;
import static io.github.mfaenroll.totp.PairVerdict.Reason.CLOCK_AHEAD;
import static io.github.mfaenroll.totp.PairVerdict.Reason.CLOCK_BEHIND;
import static io.github.mfaenroll.totp.PairVerdict.Reason.FIRST_CODE_WRONG;
import static io.github.mfaenroll.totp.PairVerdict.Reason.NOT_CONSECUTIVE;
import static io.github.mfaenroll.totp.PairVerdict.Reason.NOT_SIX_DIGITS;
import static io.github.mfaenroll.totp.PairVerdict.Reason.NOT_THIS_KEY;
import static io.github.mfaenroll.totp.PairVerdict.Reason.SAME_CODE_TWICE;
import static io.github.mfaenroll.totp.PairVerdict.Reason.SECOND_CODE_WRONG;
import static io.github.mfaenroll.totp.PairVerdict.Reason.TOO_OLD;
import static io.github.mfaenroll.totp.PairVerdict.Reason.WRONG_ORDER;
import static io.github.mfaenroll.totp.VerifierVectors.CLOCK;
import static io.github.mfaenroll.totp.VerifierVectors.GENERATOR;
import static io.github.mfaenroll.totp.VerifierVectors.N;
import static io.github.mfaenroll.totp.VerifierVectors.NOW;
import static io.github.mfaenroll.totp.VerifierVectors.SECRET;
import static io.github.mfaenroll.totp.VerifierVectors.at;
import static io.github.mfaenroll.totp.VerifierVectors.otherKeyAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.github.mfaenroll.totp.PairVerdict.Accepted;
import io.github.mfaenroll.totp.PairVerdict.Reason;
import io.github.mfaenroll.totp.PairVerdict.Rejected;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TotpVerifierTest {


    private final TotpVerifier verifier = new TotpVerifier(CLOCK, 1);

    /** A six-digit code that is none of the key's codes for an hour around now: a mistyped one. */
    private static String mistyped() {
        Set<String> real = LongStream.rangeClosed(-60, 60).mapToObj(VerifierVectors::at).collect(Collectors.toSet());
        String code = at(-1).substring(0, 5) + (char) ('0' + (at(-1).charAt(5) - '0' + 5) % 10);
        assertThat(real).as("fixture: the mistyped code must match no step").doesNotContain(code);
        return code;
    }

    private static String spaced(String code) {
        return "  " + code.substring(0, 3) + " " + code.substring(3) + "\t";
    }

    private static Rejected rejected(Reason reason) {
        return new Rejected(reason, 0);
    }

    static Stream<Arguments> pairs() {
        return Stream.of(
                arguments("previous and current step", at(-1), at(0), null, new Accepted(N - 1)),
                arguments("current and next step (phone slightly fast)", at(0), at(1), null, new Accepted(N)),
                arguments("second code just expired (one step of delay)", at(-2), at(-1), null, new Accepted(N - 2)),
                arguments("leading-zero code kept as typed", "033255", at(0), null, new Accepted(N - 1)),
                arguments("inner and outer spaces", spaced(at(-1)), spaced(at(0)), null, new Accepted(N - 1)),
                arguments("newer than the last accepted pair", at(-1), at(0), N - 2, new Accepted(N - 1)),

                arguments("leading zero lost (5 digits)", at(-1).substring(1), at(0), null, rejected(NOT_SIX_DIGITS)),
                arguments("7 digits", at(-1), at(0) + "1", null, rejected(NOT_SIX_DIGITS)),
                arguments("letters", "12a456", at(0), null, rejected(NOT_SIX_DIGITS)),
                arguments("empty second code", at(-1), " ", null, rejected(NOT_SIX_DIGITS)),
                arguments("missing first code", null, at(0), null, rejected(NOT_SIX_DIGITS)),
                arguments("Arabic-Indic digits", "٠٣٣٢٥٥", at(0), null, rejected(NOT_SIX_DIGITS)),
                arguments("hyphenated", "033-255", at(0), null, rejected(NOT_SIX_DIGITS)),

                arguments("same code twice", at(0), at(0), null, rejected(SAME_CODE_TWICE)),
                arguments("same code twice, spaced once", spaced(at(0)), at(0), null, rejected(SAME_CODE_TWICE)),

                arguments("current codes swapped", at(0), at(-1), null, rejected(WRONG_ORDER)),
                arguments("next codes swapped", at(1), at(0), null, rejected(WRONG_ORDER)),
                arguments("swapped with the phone 2 min fast", at(5), at(4), null, rejected(WRONG_ORDER)),

                arguments("one step skipped", at(-2), at(0), null, rejected(NOT_CONSECUTIVE)),
                arguments("both ends of the window", at(1), at(-1), null, rejected(NOT_CONSECUTIVE)),
                arguments("minutes apart", at(-10), at(-3), null, rejected(NOT_CONSECUTIVE)),

                arguments("typed 60 s late", at(-3), at(-2), null, rejected(TOO_OLD)),
                arguments("typed 90 s late", at(-4), at(-3), null, rejected(TOO_OLD)),

                arguments("phone 2 min fast", at(3), at(4), null, new Rejected(CLOCK_AHEAD, 120)),
                arguments("phone 5 min fast", at(9), at(10), null, new Rejected(CLOCK_AHEAD, 300)),
                arguments("phone 10 min fast", at(19), at(20), null, new Rejected(CLOCK_AHEAD, 600)),
                arguments("phone 2 min slow", at(-5), at(-4), null, new Rejected(CLOCK_BEHIND, 120)),
                arguments("phone 5 min slow", at(-11), at(-10), null, new Rejected(CLOCK_BEHIND, 300)),
                arguments("phone 10 min slow", at(-21), at(-20), null, new Rejected(CLOCK_BEHIND, 600)),

                arguments("first code mistyped", mistyped(), at(0), null, rejected(FIRST_CODE_WRONG)),
                arguments("second code mistyped", at(-1), mistyped(), null, rejected(SECOND_CODE_WRONG)),
                arguments("second mistyped, phone 5 min fast", at(9), mistyped(), null, rejected(SECOND_CODE_WRONG)),

                arguments("codes of another key", otherKeyAt(-1), otherKeyAt(0), null, rejected(NOT_THIS_KEY)),
                arguments("phone more than 10 min slow", at(-23), at(-22), null, rejected(NOT_THIS_KEY)),

                arguments("pair accepted before", at(-1), at(0), N - 1, rejected(ALREADY_USED)),
                arguments("overlaps the pair accepted before", at(0), at(1), N, rejected(ALREADY_USED)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void judgesEachPair(String scenario, String code1, String code2, Long lastAcceptedStep, PairVerdict expected) {
        PairVerdict verdict = lastAcceptedStep == null
                ? verifier.verifyPair(SECRET, code1, code2)
                : verifier.verifyPair(SECRET, code1, code2, lastAcceptedStep);

        assertThat(verdict).isEqualTo(expected);
        assertThat(verdict.accepted()).isEqualTo(expected instanceof Accepted);
    }

    @Test
    void theTableCoversEveryReason() {
        Set<Reason> covered = pairs()
                .map(row -> row.get()[4])
                .filter(Rejected.class::isInstance)
                .map(verdict -> ((Rejected) verdict).reason())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Reason.class)));

        assertThat(covered).containsExactlyInAnyOrder(Reason.values());
    }

    @Test
    void fixtureHasALeadingZeroCodeAndNoRepeatedCodes() {
        Set<String> codes = LongStream.rangeClosed(-60, 60).mapToObj(VerifierVectors::at).collect(Collectors.toSet());

        assertThat(at(-1)).isEqualTo("033255");
        assertThat(codes).hasSize(121).doesNotContain(otherKeyAt(-1), otherKeyAt(0));
    }

    @Nested
    class AcceptedPair {

        @Test
        void secondStepIsTheStepToRememberAgainstReplay() {
            TotpVerifier halfAMinuteLater = new TotpVerifier(Clock.offset(CLOCK, Duration.ofSeconds(30)), 1);
            long remembered = ((Accepted) verifier.verifyPair(SECRET, at(-1), at(0))).secondStep();

            PairVerdict reusingTheSecondCode = halfAMinuteLater.verifyPair(SECRET, at(0), at(1), remembered);
            PairVerdict freshCodes = halfAMinuteLater.verifyPair(SECRET, at(1), at(2), remembered);

            assertThat(remembered).isEqualTo(N);
            assertThat(reusingTheSecondCode).isEqualTo(rejected(ALREADY_USED));
            assertThat(freshCodes).isEqualTo(new Accepted(N + 1));
        }
    }

    @Nested
    class Window {

        @Test
        void zeroStepsAcceptsOnlyAPairEndingNow() {
            TotpVerifier strict = new TotpVerifier(CLOCK, 0);

            PairVerdict current = strict.verifyPair(SECRET, at(-1), at(0));
            PairVerdict oneStepLate = strict.verifyPair(SECRET, at(-2), at(-1));
            PairVerdict oneStepEarly = strict.verifyPair(SECRET, at(0), at(1));

            assertThat(current).isEqualTo(new Accepted(N - 1));
            assertThat(oneStepLate).isEqualTo(rejected(TOO_OLD));
            assertThat(oneStepEarly).isEqualTo(new Rejected(CLOCK_AHEAD, 30));
        }

        @Test
        void followsTheGeneratorsStepLength() {
            TotpGenerator sixtySeconds = new TotpGenerator(Duration.ofSeconds(60), 6, "HmacSHA256");
            TotpVerifier verifier = new TotpVerifier(CLOCK, sixtySeconds, 1);
            long n = sixtySeconds.stepOf(NOW);

            PairVerdict onTime = verifier.verifyPair(
                    SECRET, sixtySeconds.codeAtStep(SECRET, n - 1), sixtySeconds.codeAtStep(SECRET, n));
            PairVerdict fast = verifier.verifyPair(
                    SECRET, sixtySeconds.codeAtStep(SECRET, n + 2), sixtySeconds.codeAtStep(SECRET, n + 3));

            assertThat(onTime).isEqualTo(new Accepted(n - 1));
            assertThat(fast).isEqualTo(new Rejected(CLOCK_AHEAD, 180));
        }

        @Test
        void aClockNearTheEpochGivesAVerdictNotAnException() {
            TotpVerifier atEpoch = new TotpVerifier(Clock.fixed(Instant.EPOCH.plusSeconds(45), ZoneOffset.UTC), 1);

            PairVerdict verdict = atEpoch.verifyPair(SECRET, GENERATOR.codeAtStep(SECRET, 0),
                    GENERATOR.codeAtStep(SECRET, 1));

            assertThat(verdict).isEqualTo(new Accepted(0));
        }
    }

    @Nested
    class Construction {

        @Test
        void rejectsAGeneratorThatDoesNotMakeSixDigitCodes() {
            TotpGenerator eightDigits = new TotpGenerator(Duration.ofSeconds(30), 8, "HmacSHA1");

            assertThatIllegalArgumentException().isThrownBy(() -> new TotpVerifier(CLOCK, eightDigits, 1));
        }

        @Test
        void rejectsANegativeOrHugeWindow() {
            assertThatIllegalArgumentException().isThrownBy(() -> new TotpVerifier(CLOCK, -1));
            assertThatIllegalArgumentException().isThrownBy(() -> new TotpVerifier(CLOCK, 11));
        }
    }
}
