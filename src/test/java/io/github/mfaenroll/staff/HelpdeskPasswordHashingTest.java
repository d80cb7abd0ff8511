package io.github.mfaenroll.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.mfaenroll.staff.PasswordHasher.Parameters;
import io.github.mfaenroll.testing.Secrets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Argon2id as local helpdesk passwords are stored: PHC strings, OWASP parameters, cross-checked with argon2(1). */
class HelpdeskPasswordHashingTest {

    private static final String PASSWORD = Secrets.register("correct horse battery staple");
    /**
     * Made by the reference implementation (Debian's argon2 CLI), not by us:
     * {@code echo -n "correct horse battery staple" | argon2 somesaltSOMESALT -id -m 15 -t 2 -p 1 -l 32 -e}.
     */
    private static final String REFERENCE_HASH =
            "$argon2id$v=19$m=32768,t=2,p=1$c29tZXNhbHRTT01FU0FMVA$gG8UEB3RvDo0OISdEsraaI8mRw+CsUNyGM1uWZNf3RI";
    /** {@code echo -n "pässwörd long enough" | argon2 0123456789abcdef -id -k 19456 -t 2 -p 1 -l 32 -e} (UTF-8, NFC). */
    private static final String REFERENCE_HASH_NON_ASCII =
            "$argon2id$v=19$m=19456,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$DNgbM9o+vZwVOEehkUP776xLxFhu6iWNaL7pfljy+Bk";

    private final PasswordHasher hasher = new PasswordHasher(new SecureRandom(), Parameters.OWASP);

    @Nested
    class NewHashes {

        @Test
        void areArgon2idPhcStringsWithTheOwaspParametersAndASixteenByteSalt() {

            String hash = hasher.hash(PASSWORD);

            assertThat(hash).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        }

        @Test
        void theParametersAreAtLeastWhatOwaspRecommends() {

            Parameters parameters = hasher.parameters();

            assertThat(parameters.memoryKib()).isGreaterThanOrEqualTo(19 * 1024);
            assertThat(parameters.iterations()).isGreaterThanOrEqualTo(2);
            assertThat(parameters.parallelism()).isGreaterThanOrEqualTo(1);
        }

        @Test
        void getAFreshSaltEachTimeAndBothVerify() {

            String first = hasher.hash(PASSWORD);
            String second = hasher.hash(PASSWORD);

            assertThat(first).isNotEqualTo(second);
            assertThat(hasher.verify(PASSWORD, first)).isTrue();
            assertThat(hasher.verify(PASSWORD, second)).isTrue();
        }

        @Test
        void doNotVerifyAnotherPassword() {
            String hash = hasher.hash(PASSWORD);

            boolean verified = hasher.verify("correct horse battery stapler", hash);

            assertThat(verified).isFalse();
        }
    }

    @Nested
    class ReferenceHashes {

        @Test
        void aHashFromTheReferenceImplementationVerifiesWithItsOwnParameters() {

            boolean verified = hasher.verify(PASSWORD, REFERENCE_HASH);

            assertThat(verified).isTrue();
            assertThat(hasher.verify("Correct horse battery staple", REFERENCE_HASH)).isFalse();
        }

        @Test
        void nonAsciiPasswordsAreHashedAsUtf8() {

            boolean verified = hasher.verify("p\u00e4ssw\u00f6rd long enough", REFERENCE_HASH_NON_ASCII);

            assertThat(verified).isTrue();
        }

        @Test
        void decomposedAccentsMatchPrecomposedOnesAfterNormalization() {

            boolean verified = hasher.verify("pa\u0308sswo\u0308rd long enough", REFERENCE_HASH_NON_ASCII);

            assertThat(verified).isTrue();
        }

        @Test
        void weakerStoredParametersAreNotCurrentSoTheyGetRehashed() {

            boolean current = hasher.isCurrent("$argon2id$v=19$m=4096,t=3,p=1$c29tZXNhbHRTT01FU0FMVA$"
                    + "gG8UEB3RvDo0OISdEsraaI8mRw+CsUNyGM1uWZNf3RI");

            assertThat(current).isFalse();
            assertThat(hasher.isCurrent(REFERENCE_HASH)).isTrue();
            assertThat(hasher.isCurrent(hasher.hash(PASSWORD))).isTrue();
        }
    }

    @Nested
    class MalformedStoredHashes {

        @ParameterizedTest
        @ValueSource(strings = {
                "",
                "correct horse battery staple",
                "$argon2i$v=19$m=32768,t=2,p=1$c29tZXNhbHRTT01FU0FMVA$gG8UEB3RvDo0OISdEsraaI8mRw+CsUNyGM1uWZNf3RI",
                "$argon2id$v=16$m=32768,t=2,p=1$c29tZXNhbHRTT01FU0FMVA$gG8UEB3RvDo0OISdEsraaI8mRw+CsUNyGM1uWZNf3RI",
                "$argon2id$v=19$m=9999999,t=2,p=1$c29tZXNhbHRTT01FU0FMVA$gG8UEB3RvDo0OISdEsraaI8mRw+CsUNyGM1uWZNf3RI",
                "$argon2id$v=19$m=32768,t=0,p=1$c29tZXNhbHRTT01FU0FMVA$gG8UEB3RvDo0OISdEsraaI8mRw+CsUNyGM1uWZNf3RI",
                "$argon2id$v=19$m=32768,t=2,p=1$c29tZXNhbHRTT01FU0FMVA$gG8UEB3RvDo0OISdEsraaI8mRw+CsUNyGM1uWZNf3RI=",
                "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW"})
        void neverVerify(String stored) {

            boolean verified = hasher.verify(PASSWORD, stored);

            assertThat(verified).isFalse();
        }

        @Test
        void outOfRangeParametersAreRefusedBeforeAnyMemoryIsTaken() {

            assertThatIllegalArgumentException().isThrownBy(() -> new Parameters(2 * 1024 * 1024, 2, 1));
            assertThatIllegalArgumentException().isThrownBy(() -> new Parameters(19456, 2, 0));
        }
    }

    @Test
    void theDummyCheckForUnknownNamesNeverSucceeds() {

        boolean verified = hasher.verifyAgainstDummy(PASSWORD);

        assertThat(verified).isFalse();
    }
}
