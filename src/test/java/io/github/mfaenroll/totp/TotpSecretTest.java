package io.github.mfaenroll.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TotpSecretTest {

    private static final String BASE32 = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    @Nested
    class Generate {

        @Test
        void makesA160BitKeyFromTheGivenRandom() throws NoSuchAlgorithmException {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(42); // seeded before first use, SHA1PRNG is deterministic

            TotpSecret secret = TotpSecret.generate(random);

            assertThat(secret.keyBytes()).hasSize(20);
            assertThat(secret.base32()).hasSize(32);
        }

        @Test
        void makesDifferentKeysEachTime() {
            SecureRandom random = new SecureRandom();

            TotpSecret first = TotpSecret.generate(random);
            TotpSecret second = TotpSecret.generate(random);

            assertThat(first.keyBytes()).isNotEqualTo(second.keyBytes());
        }
    }

    @Nested
    class Bytes {

        @Test
        void fromBytesCopiesItsArgument() {
            byte[] key = {1, 2, 3, 4, 5};
            TotpSecret secret = TotpSecret.fromBytes(key);

            key[0] = 99;

            assertThat(secret.keyBytes()).containsExactly(1, 2, 3, 4, 5);
        }

        @Test
        void keyBytesReturnsACopy() {
            TotpSecret secret = TotpSecret.fromBytes(new byte[] {1, 2, 3});

            secret.keyBytes()[0] = 99;

            assertThat(secret.keyBytes()).containsExactly(1, 2, 3);
        }

        @Test
        void anEmptyKeyIsRejected() {
            assertThatIllegalArgumentException().isThrownBy(() -> TotpSecret.fromBytes(new byte[0]));
        }
    }

    @Nested
    class Base32 {

        @ParameterizedTest(name = "{0} bytes")
        @MethodSource("io.github.mfaenroll.totp.TotpSecretTest#keyLengths")
        void roundTripsKeysOfEveryLength(int length) {
            byte[] key = new byte[length];
            new SecureRandom().nextBytes(key);

            TotpSecret parsed = TotpSecret.fromBase32(TotpSecret.fromBytes(key).base32());

            assertThat(parsed.keyBytes()).isEqualTo(key);
        }

        @ParameterizedTest(name = "\"{0}\" is \"{1}\"")
        @CsvSource(delimiter = '|', textBlock = """
            MY======          | f
            my                | f
            MZXQ====          | fo
            MZXW6===          | foo
            mzxw 6yq=         | foob
            MZXW-6YTB         | fooba
            MZXW6YTBOI======  | foobar
            ' mzxw6 ytboi '   | foobar
            """)
        void parsesLenientlyTheRfc4648Vectors(String input, String expectedAscii) {
            TotpSecret secret = TotpSecret.fromBase32(input);

            assertThat(secret.keyBytes()).isEqualTo(expectedAscii.getBytes(StandardCharsets.US_ASCII));
        }

        @Test
        void writesUpperCaseWithoutPadding() {
            TotpSecret secret = TotpSecret.fromBytes("foobar".getBytes(StandardCharsets.US_ASCII));

            String base32 = secret.base32();

            assertThat(base32).isEqualTo("MZXW6YTBOI");
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {
            "", "   ", "-- ==",
            "JBSWY3DPEHPK3PX1", "JBSWY3DPEHPK3PX0", "JBSWY3DPEHPK3PX8", "JBSW+Y3DP", "JBSWY3DPEHPK3PXı",
            "M", "MZX", "MZXW6Y", // lengths no encoder produces
            "MZ", "MZXW7", // non-zero unused bits in the last character
        })
        void rejectsWhatIsNotBase32WithoutEchoingIt(String input) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> TotpSecret.fromBase32(input))
                    .withMessageStartingWith("Secret is")
                    .satisfies(e -> {
                        if (!input.isBlank()) {
                            assertThat(e.getMessage()).doesNotContain(input.strip());
                        }
                    });
        }

        @ParameterizedTest(name = "{0} -> \"{1}\"")
        @CsvSource(delimiter = '|', textBlock = """
            MY                                | MY
            MZXW6                             | MZXW 6
            JBSWY3DPEHPK3PXP                  | JBSW Y3DP EHPK 3PXP
            JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP  | JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP
            """)
        void groupsByFourForTyping(String base32, String expected) {
            TotpSecret secret = TotpSecret.fromBase32(base32);

            String grouped = secret.base32Grouped();

            assertThat(grouped).isEqualTo(expected);
            assertThat(TotpSecret.fromBase32(grouped).base32()).isEqualTo(base32);
        }
    }

    @Nested
    class ToString {

        @Test
        void neverShowsTheKey() {
            TotpSecret secret = TotpSecret.fromBase32(BASE32);

            String text = secret.toString() + " " + String.valueOf(secret);

            assertThat(text)
                    .contains("redacted")
                    .doesNotContain("JBSW")
                    .doesNotContain("jbsw")
                    .doesNotContain(new String(secret.keyBytes(), StandardCharsets.ISO_8859_1));
        }
    }

    @Nested
    class OtpauthUri {

        private final TotpSecret secret = TotpSecret.fromBase32(BASE32);

        static Stream<Arguments> labels() {
            return Stream.of(
                    arguments("Acme", "alice", "Acme:alice", "Acme"),
                    arguments("Acme Corp", "alice@example.com", "Acme%20Corp:alice@example.com", "Acme%20Corp"),
                    arguments("Acme:Prod", "bob", "Acme%20Prod:bob", "Acme%20Prod"),
                    arguments(" AWS:  prod ", "bob:admin", "AWS%20prod:bob%20admin", "AWS%20prod"),
                    arguments("Société Générale", "zoë", "Soci%C3%A9t%C3%A9%20G%C3%A9n%C3%A9rale:zo%C3%AB",
                            "Soci%C3%A9t%C3%A9%20G%C3%A9n%C3%A9rale"),
                    arguments("Socie\u0301te\u0301", "a", "Soci%C3%A9t%C3%A9:a", "Soci%C3%A9t%C3%A9"),
                    arguments("R&D=1?#", "bob+mfa@example.com", "R%26D%3D1%3F%23:bob%2Bmfa@example.com",
                            "R%26D%3D1%3F%23"),
                    arguments("AWS 本番", "太郎", "AWS%20%E6%9C%AC%E7%95%AA:%E5%A4%AA%E9%83%8E", "AWS%20%E6%9C%AC%E7%95%AA"));
        }

        @ParameterizedTest(name = "issuer \"{0}\", account \"{1}\"")
        @MethodSource("labels")
        void percentEncodesTheLabelAndIssuer(String issuer, String account, String label, String issuerParam) {
            String uri = secret.otpauthUri(issuer, account);

            assertThat(uri).isEqualTo("otpauth://totp/" + label + "?secret=" + BASE32 + "&issuer=" + issuerParam);
        }

        @Test
        void parsesBackIntoOneIssuerAndOneAccount() {
            String uri = secret.otpauthUri("Acme: Prod & Test", "alice@example.com");

            URI parsed = URI.create(uri);

            assertThat(parsed.getScheme()).isEqualTo("otpauth");
            assertThat(parsed.getHost()).isEqualTo("totp");
            assertThat(parsed.getPath()).isEqualTo("/Acme Prod & Test:alice@example.com");
            assertThat(parsed.getPath().chars().filter(c -> c == ':').count()).isEqualTo(1);
            assertThat(parsed.getQuery()).isEqualTo("secret=" + BASE32 + "&issuer=Acme Prod & Test");
            assertThat(parsed.getRawQuery()).isEqualTo("secret=" + BASE32 + "&issuer=Acme%20Prod%20%26%20Test");
        }

        @Test
        void leavesOutAlgorithmDigitsAndPeriod() {
            String uri = secret.otpauthUri("Acme", "alice");

            assertThat(uri).doesNotContain("algorithm=", "digits=", "period=", "+");
        }

        @ParameterizedTest(name = "issuer \"{0}\", account \"{1}\"")
        @CsvSource({"'', alice", "'  ', alice", "':', alice", "Acme, ''", "Acme, ' : '"})
        void rejectsABlankIssuerOrAccount(String issuer, String account) {
            assertThatIllegalArgumentException().isThrownBy(() -> secret.otpauthUri(issuer, account));
        }
    }

    static IntStream keyLengths() {
        return IntStream.rangeClosed(1, 41);
    }
}
