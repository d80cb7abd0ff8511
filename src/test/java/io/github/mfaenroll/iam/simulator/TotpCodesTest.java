package io.github.mfaenroll.iam.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The simulator's own TOTP check, against java-otp playing the phone. */
class TotpCodesTest {

    /** RFC 6238's SHA1 seed, "12345678901234567890", in base32. */
    private static final String RFC_SEED = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    private static final long NOW_STEP = 1_000_000;
    private final AuthenticatorApp app = new AuthenticatorApp(RFC_SEED);

    private String[] codesEndingAtStep(long step) {
        return app.consecutiveCodesEndingAt(Instant.ofEpochSecond(step * TotpCodes.STEP_SECONDS));
    }

    @Test
    void newSeedsAre64Base32CharactersAndDiffer() {
        SecureRandom random = new SecureRandom();

        String first = TotpCodes.newSeed(random);
        String second = TotpCodes.newSeed(random);

        assertThat(first).matches("[A-Z2-7]{64}");
        assertThat(second).matches("[A-Z2-7]{64}").isNotEqualTo(first);
    }

    @Test
    void matchesRfc6238AppendixBAtFiftyNineSeconds() {
        String code = app.codeAt(Instant.ofEpochSecond(59));

        assertThat(code).isEqualTo("287082");
        assertThat(TotpCodes.stepAt(Instant.ofEpochSecond(59))).isEqualTo(1);
    }

    @ParameterizedTest(name = "second code at now{0} steps -> {1}")
    @CsvSource({"+2, false", "+1, true", "0, true", "-5, true", "-10, true", "-11, false"})
    void enableWindowIsTenStepsBackAndOneAhead(int offset, boolean accepted) {
        String[] codes = codesEndingAtStep(NOW_STEP + offset);

        boolean matched = TotpCodes.consecutiveCodesMatch(RFC_SEED, codes[0], codes[1], NOW_STEP,
                SimulatedAccount.ENABLE_STEPS_BACK, SimulatedAccount.ENABLE_STEPS_AHEAD);

        assertThat(matched).isEqualTo(accepted);
    }

    @Test
    void twoCodesThatAreNotConsecutiveDoNotMatch() {
        String first = codesEndingAtStep(NOW_STEP - 2)[1];
        String third = codesEndingAtStep(NOW_STEP)[1];

        boolean matched = TotpCodes.consecutiveCodesMatch(RFC_SEED, first, third, NOW_STEP, 10, 1);

        assertThat(matched).isFalse();
    }
}
