package io.github.mfaenroll.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.audit.Actors;
import io.github.mfaenroll.helpdesk.AutoInvitationStore.Entry;
import io.github.mfaenroll.helpdesk.AutoInvitationStore.State;
import io.github.mfaenroll.helpdesk.AutoInvitations.Run;
import io.github.mfaenroll.iam.AccountId;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.simulator.DemoOrganization;
import io.github.mfaenroll.onboarding.Invitations;
import io.github.mfaenroll.onboarding.OnboardingLinks.IssuedLink;
import io.github.mfaenroll.testing.Mailbox;
import io.github.mfaenroll.testing.ScriptedSmtpServer;
import io.github.mfaenroll.testing.TestApp;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What invitations that send themselves make of each way a mail can end: accepted, refused before the body went out
 * (retried, once a day, a bounded number of times), possibly accepted (never sent again), not attempted for a tag
 * that is no address, and not attempted at all without a mail server.
 */
class AutoInvitationsDeliveryTest {

    private static final Duration INTERVAL = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);

    @RegisterExtension
    static final Mailbox mailbox = Mailbox.onLoopback().emptiedBeforeEachTest();

    private static Map<String, String> settings(Map<String, String> smtp) {
        Map<String, String> env = new HashMap<>(smtp);
        env.put("MFA_AUTO_INVITE", "true");
        env.put("MFA_BULK_INVITES_PER_MINUTE", "6000");
        return env;
    }

    private static Map<String, String> scripted(ScriptedSmtpServer server) {
        return Map.of("MFA_SMTP_HOST", "127.0.0.1", "MFA_SMTP_PORT", String.valueOf(server.port()),
                "MFA_SMTP_SECURITY", "none", "MFA_SMTP_FROM", "mfa@example.com");
    }

    private static Optional<Run> runOnce(TestApp running) {
        return running.components().autoInvitations().runOnce();
    }

    private static String newUserLater(TestApp running, Map<String, String> tags) {
        running.clock().advance(Duration.ofMinutes(10));
        String name = "delivery" + System.nanoTime() % 1_000_000;
        running.simulator().addUser(name, true, tags);
        return name;
    }

    private static Optional<Entry> entryOf(TestApp running, AccountUser user) {
        return new AutoInvitationStore(running.components().database().jdbi(), running.clock()).find(user);
    }

    private static AccountUser own(String name) {
        return new AccountUser(new AccountId(DemoOrganization.MANAGEMENT_ID), name);
    }

    @Nested
    class AMailTheServerMayHaveAccepted {

        @Test
        void isNeverSentAgainItsLinkStaysValidAndTheUserIsListed() throws Exception {
            try (ScriptedSmtpServer server = new ScriptedSmtpServer("250 OK", null, "221 bye");
                 TestApp running = TestApp.start(settings(scripted(server)))) {
                runOnce(running);
                String name = newUserLater(running, Map.of("email", "maybe@example.com"));

                Optional<Run> first = runOnce(running);
                running.clock().advance(DAY.multipliedBy(2));
                Optional<Run> later = runOnce(running);

                assertThat(first).get().extracting(Run::listed).isEqualTo(1);
                assertThat(later).get().extracting(Run::invited, Run::failed).containsExactly(0, 0);
                assertThat(server.bodiesReceived()).isEqualTo(1);
                assertThat(entryOf(running, own(name))).get().extracting(Entry::state).isEqualTo(State.UNCONFIRMED);
                assertThat(running.components().links().forUser(own(name))).singleElement()
                        .satisfies(link -> assertThat(link.revokedAt()).isNull());
                assertThat(running.components().autoInvitations().waitingForHelpdesk())
                        .extracting(AutoInvitations.Waiting::user).contains(own(name));
            }
        }
    }

    @Nested
    class AMailTheServerRefused {

        @Test
        void isTriedOnceADayABoundedNumberOfTimesThenListed() throws Exception {
            try (ScriptedSmtpServer server = new ScriptedSmtpServer("550 no such user", "250 queued", "221 bye");
                 TestApp running = TestApp.start(settings(scripted(server)))) {
                runOnce(running);
                String name = newUserLater(running, Map.of("email", "refused@example.com"));

                runOnce(running);
                running.clock().advance(INTERVAL);
                runOnce(running);
                int linksAfterAnHour = running.components().links().forUser(own(name)).size();
                for (int day = 0; day < AutoInviteSender.MAX_ATTEMPTS + 1; day++) {
                    running.clock().advance(DAY);
                    runOnce(running);
                }

                assertThat(linksAfterAnHour).as("not retried within the day").isEqualTo(1);
                Entry entry = entryOf(running, own(name)).orElseThrow();
                assertThat(entry.state()).isEqualTo(State.GAVE_UP);
                assertThat(entry.attempts()).isEqualTo(AutoInviteSender.MAX_ATTEMPTS);
                assertThat(running.components().links().forUser(own(name)))
                        .hasSize(AutoInviteSender.MAX_ATTEMPTS).allSatisfy(l -> assertThat(l.revokedAt()).isNotNull());
                assertThat(server.bodiesReceived()).isZero();
            }
        }
    }

    @Nested
    class AnEmailTagThatIsNoAddress {

        @Test
        void isListedAtOnceWithItsOwnReasonAndCostsNoLink() {
            try (TestApp running = TestApp.start(settings(mailbox.appSettings()))) {
                runOnce(running);
                String name = newUserLater(running, Map.of("email", "not an address"));

                Optional<Run> run = runOnce(running);

                assertThat(run).get().extracting(Run::listed, Run::failed).containsExactly(1, 0);
                assertThat(entryOf(running, own(name))).get().extracting(Entry::state)
                        .isEqualTo(State.BAD_ADDRESS);
                assertThat(running.components().links().forUser(own(name))).isEmpty();
                assertThat(running.components().autoInvitations().waitingForHelpdesk())
                        .filteredOn(w -> w.user().equals(own(name))).singleElement()
                        .extracting(AutoInvitations.Waiting::reasonKey)
                        .isEqualTo("helpdesk.auto_invite.state.bad_address");
            }
        }
    }

    @Nested
    class WithoutAMailServer {

        @Test
        void issuesNoLinkAndRecordsNobody() {
            try (TestApp running = TestApp.start(settings(Map.of()))) {
                runOnce(running);
                String name = newUserLater(running, Map.of("email", "nobody-mails@example.com"));

                Optional<Run> run = runOnce(running);

                assertThat(run).get().extracting(Run::invited).isEqualTo(0);
                assertThat(running.components().links().forUser(own(name))).isEmpty();
                assertThat(entryOf(running, own(name))).isEmpty();
                int rows = running.components().database().jdbi().withHandle(h ->
                        h.createQuery("SELECT COUNT(*) FROM auto_invitations").mapTo(Integer.class).one());
                assertThat(rows).isZero();
            }
        }
    }

    @Nested
    class BookkeepingThatFailsAfterTheSend {

        @Test
        void stillReportsTheInvitationSent() {
            try (TestApp running = TestApp.start(settings(mailbox.appSettings()))) {
                String name = newUserLater(running, Map.of("email", "kept@example.com"));
                IssuedLink link = running.components().links().issue(own(name), null, Actors.AUTO_INVITE, false, null);
                // Remembering the tag's address on the link now fails (its column is gone), after the mail went out.
                running.components().database().jdbi().useHandle(h ->
                        h.execute("ALTER TABLE link_tokens DROP COLUMN tag_address"));

                Invitations.Outcome outcome = running.components().invitations()
                        .deliver(link, null, Map.of("email", "kept@example.com"), Actors.AUTO_INVITE);

                assertThat(outcome).isEqualTo(Invitations.Outcome.SENT);
                assertThat(mailbox.to("kept@example.com")).hasSize(1);
            }
        }
    }
}
