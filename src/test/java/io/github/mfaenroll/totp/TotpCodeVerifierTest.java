package io.github.mfaenroll.totp;

import static io.github.mfaenroll.totp.VerifierVectors.CLOCK;
import static io.github.mfaenroll.totp.VerifierVectors.N;
import static io.github.mfaenroll.totp.VerifierVectors.SECRET;
import static io.github.mfaenroll.totp.VerifierVectors.at;
import static io.github.mfaenroll.totp.VerifierVectors.otherKeyAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.github.mfaenroll.totp.TotpCodeVerifier.Reason;
import io.github.mfaenroll.totp.TotpCodeVerifier.Verdict;
import io.github.mfaenroll.totp.TotpCodeVerifier.Verdict.Accepted;
import io.github.mfaenroll.totp.TotpCodeVerifier.Verdict.Rejected;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TotpCodeVerifierTest {

    private static final long NEVER_USED = Long.MIN_VALUE;

    private final TotpCodeVerifier verifier = new TotpCodeVerifier(CLOCK, 1);

    static Stream<Arguments> codes() {
        return Stream.of(
                arguments("the current code", at(0), NEVER_USED, new Accepted(N)),
                arguments("the previous code (one step of delay)", at(-1), NEVER_USED, new Accepted(N - 1)),
                arguments("the next code (phone slightly fast)", at(1), NEVER_USED, new Accepted(N + 1)),
                arguments("a leading zero kept as typed", "033255", NEVER_USED, new Accepted(N - 1)),
                arguments("spaces inside and around", " " + at(0).substring(0, 3) + " " + at(0).substring(3) + "\t",
                        NEVER_USED, new Accepted(N)),
                arguments("a code newer than the last accepted step", at(0), N - 1, new Accepted(N)),
                arguments("two steps old", at(-2), NEVER_USED, new Rejected(Reason.WRONG_CODE)),
                arguments("two steps ahead", at(2), NEVER_USED, new Rejected(Reason.WRONG_CODE)),
                arguments("another key's code", otherKeyAt(0), NEVER_USED,
                        new Rejected(Reason.WRONG_CODE)),
                arguments("the code of the last accepted step (replay)", at(0), N, new Rejected(Reason.ALREADY_USED)),
                arguments("an older code after a newer one was accepted", at(-1), N, new Rejected(Reason.ALREADY_USED)),
                arguments("five digits", at(0).substring(1), NEVER_USED, new Rejected(Reason.NOT_SIX_DIGITS)),
                arguments("letters", "12345a", NEVER_USED, new Rejected(Reason.NOT_SIX_DIGITS)),
                arguments("non-ASCII digits", "١٢٣٤٥٦", NEVER_USED, new Rejected(Reason.NOT_SIX_DIGITS)),
                arguments("nothing", null, NEVER_USED, new Rejected(Reason.NOT_SIX_DIGITS)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codes")
    void verdict(String description, String code, long lastAcceptedStep, Verdict expected) {

        Verdict verdict = verifier.verify(SECRET, code, lastAcceptedStep);

        assertThat(verdict).isEqualTo(expected);
    }
}
