package io.github.mfaenroll.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry;
import io.github.mfaenroll.identity.Session;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.HttpWizard;
import io.github.mfaenroll.testing.IamCalls;
import io.github.mfaenroll.testing.TestAppExtension;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sign-in with the company account under the email-tag rule: the IAM user whose {@code email} tag equals the email
 * claim. The demo account tags alice@, bob@, carol@ and dave@example.com.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OidcEmailTagMappingTest {

    @RegisterExtension
    static final CorpIdentityProvider provider = CorpIdentityProvider.onLoopback();

    /**
     * A provider declared trustworthy: most sign-ins below carry no email_verified ({@code OidcEmailVerificationTest}
     * covers the default, which requires it).
     */
    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.withEnv(
            () -> provider.appEnv(Map.of("MFA_OIDC_MAPPING", "email-tag", "MFA_OIDC_TRUST_EMAIL", "true")));

    @BeforeAll
    void start() {
        // Two IAM users claiming one mailbox (an old account nobody deleted): there before anyone signs in.
        app.simulator().addUser("erin", true, Map.of("email", "erin@example.com"));
        app.simulator().addUser("erin-old", false, Map.of("email", "Erin@Example.com"));
    }

    @Nested
    class AnEmployeeWhoseEmailIsTagged {

        @Test
        void endsInTheWizardForTheTaggedIamUser() {
            OidcFlow flow = new OidcFlow(app.get());

            Page callback = flow.signIn("00u-bob", Map.of("email", "bob@example.com", "email_verified", true,
                    "preferred_username", "robert"));
            Page wizard = flow.browser().get(callback.location());

            assertThat(callback.location()).isEqualTo("/enroll");
            assertThat(wizard.body()).contains("Set up MFA for bob");
            assertThat(flow.session()).get().extracting(s -> s.user() == null ? null : s.user().name(), Session::principal)
                    .containsExactly("bob", "oidc:robert");
        }

        @Test
        void matchesWhateverTheCaseOfTheAddress() {
            OidcFlow flow = new OidcFlow(app.get());

            flow.signIn("00u-alice", Map.of("email", "Alice@EXAMPLE.com"));

            flow.assertInWizardFor("alice");
        }

        @Test
        void aWaveOfSignInsReadsTheIamTagsOnce() {
            new OidcFlow(app.get()).signIn("00u-carol", Map.of("email", "carol@example.com"));
            int listUsersBefore = app.simulator().requestCount("ListUsers");

            new OidcFlow(app.get()).signIn("00u-dave", Map.of("email", "dave@example.com"));
            new OidcFlow(app.get()).signIn("00u-bob", Map.of("email", "bob@example.com"));

            assertThat(app.simulator().requestCount("ListUsers")).isEqualTo(listUsersBefore);
        }

        @Test
        void enrollsInThreeIamCallsTheNoticeGoingToTheAddressThatMatchedTheTag() {
            // The process's first enrollment also reads what it then keeps (the account alias, the account's id).
            String warm = app.newUser("warm", true, true);
            HttpWizard.enroll(app.signedInAs(warm), app.clock());
            await().atMost(Duration.ofSeconds(10)).until(() -> !app.audited(warm, AuditAction.MAIL_SENT).isEmpty());
            app.simulator().addUser("gina", true, Map.of("email", "gina@example.com"));
            app.clock().advance(Duration.ofMinutes(2)); // an index a minute old is rebuilt on a miss
            OidcFlow flow = new OidcFlow(app.get());
            flow.signIn("00u-gina", Map.of("email", "Gina@Example.com"));
            flow.assertInWizardFor("gina");

            Map<String, Integer> calls = IamCalls.during(app.simulator(), () -> {
                HttpWizard.enroll(flow.browser(), app.clock());
                await().atMost(Duration.ofSeconds(10)).until(() -> !app.audited("gina", AuditAction.MAIL_SENT).isEmpty());
            });

            assertThat(calls).containsExactlyInAnyOrderEntriesOf(Map.of("ListMFADevices", 1,
                    "CreateVirtualMFADevice", 1, "EnableMFADevice", 1));
            assertThat(app.audited("gina", AuditAction.MAIL_SENT)).extracting(AuditEntry::detail)
                    .containsExactly("device-bound notice to G***@Example.com (log-only, SMTP not configured)");
        }
    }

    @Nested
    class AnEmployeeWhoCannotBeMappedToOneUser {

        static final String NOT_LINKED = "Your company account is not linked to an AWS user";

        static Stream<Arguments> getsTheRefusalPageAndNoSession() {
            return Stream.of(
                    arguments("with an untagged email", "00u-zoe", Map.of("email", "zoe@example.com"), NOT_LINKED),
                    arguments("whose provider says the email is unverified", "00u-mallory",
                            Map.of("email", "alice@example.com", "email_verified", false),
                            "email address is not verified"),
                    arguments("without an email claim", "00u-nomail", Map.of("preferred_username", "alice"), NOT_LINKED));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource
        void getsTheRefusalPageAndNoSession(String who, String subject, Map<String, Object> claims, String pageSays) {
            OidcFlow flow = new OidcFlow(app.get());

            flow.signIn(subject, claims);

            flow.assertRefused(403, pageSays);
        }

        @Test
        void whoseEmailTwoIamUsersCarryGetsTheAmbiguousPageAndNoSession() {
            OidcFlow flow = new OidcFlow(app.get());

            Page refused = flow.signIn("00u-erin", Map.of("email", "erin@example.com"));

            flow.assertRefused(409, "More than one AWS user matches your company account");
            assertThat(refused.body()).doesNotContain("erin-old");
            assertThat(app.components().audit().latest(1).get(0))
                    .satisfies(e -> assertThat(e.action()).isEqualTo(AuditAction.SIGN_IN_FAILED))
                    .satisfies(e -> assertThat(e.detail()).contains("AMBIGUOUS", "erin", "erin-old"));
        }
    }

    @Nested
    class ANewlyTaggedUser {

        @Test
        void isFoundOnceTheIndexIsAMinuteOld() {
            new OidcFlow(app.get()).signIn("00u-alice", Map.of("email", "alice@example.com"));
            app.simulator().addUser("fiona", true, Map.of("email", "fiona@example.com"));

            Page tooSoon = new OidcFlow(app.get()).signIn("00u-fiona", Map.of("email", "fiona@example.com"));
            app.clock().advance(Duration.ofMinutes(2));
            OidcFlow later = new OidcFlow(app.get());
            later.signIn("00u-fiona", Map.of("email", "fiona@example.com"));

            assertThat(tooSoon.status()).as("index just built: a miss does not rescan IAM").isEqualTo(403);
            later.assertInWizardFor("fiona");
        }
    }
}
