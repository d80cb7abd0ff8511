package io.github.mfaenroll.onboarding;

import static io.github.mfaenroll.testing.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.InRange;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import io.github.mfaenroll.onboarding.OnboardingLinks.LinkUnusable;
import io.github.mfaenroll.onboarding.OnboardingLinks.Status;
import io.github.mfaenroll.testing.Secrets;
import io.github.mfaenroll.testing.TestApp;
import io.github.mfaenroll.testing.TestAppExtension;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Any string presented as an onboarding token is looked up and claimed without an exception other than
 * {@link LinkUnusable}, and signs nobody in unless it is exactly a token that was issued and is still unused. The fuzzer also gets a
 * freshly issued token with its own edits applied (a character changed, text cut or added, case flipped), the
 * near-misses a mangled mail link produces.
 */
@Tag("fuzz")
class OnboardingLinksFuzzTest {

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo();
    private static OnboardingLinks links;

    @BeforeAll
    static void start() {
        links = app.components().links();
    }

    static Stream<Arguments> tokens() {
        return Stream.of(
                arguments(named("empty", ""), false, 0, 0),
                arguments("%00' OR '1'='1", false, 0, 0),
                arguments("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", false, 0, 0),
                arguments(named("the issued token", ""), true, 0, 0),
                arguments("x", true, 1, 42),
                arguments(named("the issued token cut short", ""), true, 2, 10),
                arguments("=", true, 3, 0),
                arguments(named("the issued token in upper case", ""), true, 4, 0));
    }

    @MethodSource("tokens") // Jazzer wants @FuzzTest last
    @FuzzTest(maxDuration = "5s")
    void anyTokenIsRefusedUnlessItIsTheIssuedOne(@NotNull String typed, boolean aroundARealToken,
                                                 @InRange(min = 0, max = 4) int edit,
                                                 @InRange(min = 0, max = 64) int position) {
        String issued = aroundARealToken ? Secrets.register(TestApp.tokenOf(links.issue(user("bob"), null, "fuzz").url()))
                : null;
        String presented = issued == null ? typed : edited(issued, typed, edit, position);
        boolean exact = presented.equals(issued);

        OnboardingLinks.LinkView view = links.inspect(presented);

        if (exact) {
            assertThat(view.status()).isEqualTo(Status.VALID);
            assertThat(links.claimLink(presented, "127.0.0.1").user().name()).isEqualTo("bob");
        } else {
            // Not VALID: unknown, or (when the fuzzer replays a token an earlier input was issued) already used.
            assertThat(view.status()).isNotEqualTo(Status.VALID);
        }
        assertThatThrownBy(() -> links.claimLink(presented, "127.0.0.1")).isInstanceOf(LinkUnusable.class);
        if (issued != null && !exact) {
            // Leave no valid link behind: the fuzzer sees issued tokens in comparisons and may replay them later.
            links.claimLink(issued, "127.0.0.1");
        }
    }

    /** The near-misses: 0 as issued plus typed text, 1 one character replaced, 2 cut short, 3 typed text inserted, 4 case flipped. */
    private static String edited(String token, String typed, int edit, int position) {
        int at = Math.min(position, token.length() - 1);
        return switch (edit) {
            case 0 -> token + typed;
            case 1 -> token.substring(0, at) + (typed.isEmpty() ? "A" : typed.substring(0, 1)) + token.substring(at + 1);
            case 2 -> token.substring(0, at);
            case 3 -> token.substring(0, at) + typed + token.substring(at);
            default -> token.toUpperCase(java.util.Locale.ROOT);
        };
    }
}
