package io.github.mfaenroll.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class TotpGeneratorTest {

    private static final TotpSecret SHA1_SEED = seed("12345678901234567890");
    private static final TotpSecret SHA256_SEED = seed("12345678901234567890123456789012");
    private static final TotpSecret SHA512_SEED =
            seed("1234567890123456789012345678901234567890123456789012345678901234");

    private static TotpSecret seed(String ascii) {
        return TotpSecret.fromBytes(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    @Nested
    class Rfc6238AppendixB {

        static Stream<Arguments> vectors() {
            return Stream.of(
                    arguments(59L, "HmacSHA1", "94287082"),
                    arguments(59L, "HmacSHA256", "46119246"),
                    arguments(59L, "HmacSHA512", "90693936"),
                    arguments(1111111109L, "HmacSHA1", "07081804"),
                    arguments(1111111109L, "HmacSHA256", "68084774"),
                    arguments(1111111109L, "HmacSHA512", "25091201"),
                    arguments(1111111111L, "HmacSHA1", "14050471"),
                    arguments(1111111111L, "HmacSHA256", "67062674"),
                    arguments(1111111111L, "HmacSHA512", "99943326"),
                    arguments(1234567890L, "HmacSHA1", "89005924"),
                    arguments(1234567890L, "HmacSHA256", "91819424"),
                    arguments(1234567890L, "HmacSHA512", "93441116"),
                    arguments(2000000000L, "HmacSHA1", "69279037"),
                    arguments(2000000000L, "HmacSHA256", "90698825"),
                    arguments(2000000000L, "HmacSHA512", "38618901"),
                    arguments(20000000000L, "HmacSHA1", "65353130"),
                    arguments(20000000000L, "HmacSHA256", "77737706"),
                    arguments(20000000000L, "HmacSHA512", "47863826"));
        }

        @ParameterizedTest(name = "T={0} {1} -> {2}")
        @MethodSource("vectors")
        void producesTheExactEightDigitCodeOfTheRfc(long epochSeconds, String algorithm, String expected) {
            TotpGenerator generator = new TotpGenerator(Duration.ofSeconds(30), 8, algorithm);
            TotpSecret seed = switch (algorithm) {
                case "HmacSHA1" -> SHA1_SEED;
                case "HmacSHA256" -> SHA256_SEED;
                default -> SHA512_SEED;
            };

            String code = generator.codeAt(seed, Instant.ofEpochSecond(epochSeconds));

            assertThat(code).isEqualTo(expected);
        }

        @Test
        void agreesForTheSameStepWhetherGivenATimeOrAStep() {
            TotpGenerator generator = new TotpGenerator(Duration.ofSeconds(30), 8, "HmacSHA1");

            String byStep = generator.codeAtStep(SHA1_SEED, 1111111109L / 30);

            assertThat(byStep).isEqualTo("07081804");
        }
    }

    @Nested
    class Defaults {

        private final TotpGenerator generator = new TotpGenerator();

        @Test
        void usesSixDigitsThirtySecondsAndSha1() {
            String code = generator.codeAt(SHA1_SEED, Instant.ofEpochSecond(59));

            assertThat(generator.step()).isEqualTo(Duration.ofSeconds(30));
            assertThat(code).isEqualTo("287082"); // the RFC's 94287082, truncated to 6 digits (mod 10^6)
        }

        @Test
        void keepsLeadingZeros() {
            TotpSecret secret = TotpSecret.fromBase32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");

            String code = generator.codeAt(secret, Instant.parse("2026-03-15T10:00:00Z"));

            assertThat(code).isEqualTo("033255");
        }

        @Test
        void writesAsciiDigitsWhateverTheDefaultLocale() {
            TotpSecret secret = TotpSecret.fromBase32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
            Locale before = Locale.getDefault();
            String code;

            try {
                Locale.setDefault(Locale.forLanguageTag("ar-EG")); // formats %06d as Arabic-Indic digits
                code = generator.codeAt(secret, Instant.parse("2026-03-15T10:00:00Z"));
            } finally {
                Locale.setDefault(before);
            }

            assertThat(code).isEqualTo("033255");
        }

        @ParameterizedTest(name = "{0} is in step {1}")
        @CsvSource({
            "1970-01-01T00:00:00Z, 0",
            "1970-01-01T00:00:29.999Z, 0",
            "1970-01-01T00:00:30Z, 1",
            "2026-01-01T00:00:00Z, 58907520",
        })
        void numbersStepsFromTheEpoch(Instant time, long expectedStep) {
            long step = generator.stepOf(time);

            assertThat(step).isEqualTo(expectedStep);
        }
    }

    @Nested
    class InvalidParameters {

        @ParameterizedTest(name = "step {0}, {1} digits, {2}")
        @CsvSource({
            "PT0S, 6, HmacSHA1",
            "PT-30S, 6, HmacSHA1",
            "PT30.5S, 6, HmacSHA1",
            "PT30S, 5, HmacSHA1",
            "PT30S, 9, HmacSHA1",
            "PT30S, 6, HmacMD5",
            "PT30S, 6, hmacsha1",
        })
        void areRejected(Duration step, int digits, String algorithm) {
            assertThatIllegalArgumentException().isThrownBy(() -> new TotpGenerator(step, digits, algorithm));
        }

        @Test
        void negativeStepIsRejected() {
            TotpGenerator generator = new TotpGenerator();

            assertThatIllegalArgumentException().isThrownBy(() -> generator.codeAtStep(SHA1_SEED, -1));
        }
    }
}
