package io.github.mfaenroll.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.audit.Actors;
import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry;
import io.github.mfaenroll.helpdesk.AutoInvitationStore.State;
import io.github.mfaenroll.helpdesk.AutoInvitations.Run;
import io.github.mfaenroll.iam.AccountId;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.simulator.DemoAccount;
import io.github.mfaenroll.iam.simulator.DemoOrganization;
import io.github.mfaenroll.iam.simulator.IamSimulator;
import io.github.mfaenroll.identity.Role;
import io.github.mfaenroll.store.Lease;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Concurrently;
import io.github.mfaenroll.testing.Databases;
import io.github.mfaenroll.testing.LogHygiene;
import io.github.mfaenroll.testing.Mailbox;
import io.github.mfaenroll.testing.MutableClock;
import io.github.mfaenroll.testing.ReceivedMail;
import io.github.mfaenroll.testing.Staff;
import io.github.mfaenroll.testing.TestApp;
import io.github.mfaenroll.testing.TestAppExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Invitations that send themselves, in the running demo app (the three-account organization in the simulator, a real
 * SMTP server, the app's clock moved by the test, each run started by calling the job's run-once method).
 */
class AutoInvitationsTest {

    private static final Duration INTERVAL = Duration.ofHours(1);

    @RegisterExtension
    static final Mailbox mailbox = Mailbox.onLoopback().emptiedBeforeEachTest();

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.withEnv(() -> settings(true, false)).freshForEachTest();

    /** Mail to the mailbox, auto-invite on or off, paced fast enough for a test. */
    private static Map<String, String> settings(boolean on, boolean existing) {
        Map<String, String> env = new HashMap<>(mailbox.appSettings());
        env.put("MFA_AUTO_INVITE", String.valueOf(on));
        env.put("MFA_AUTO_INVITE_EXISTING", String.valueOf(existing));
        env.put("MFA_BULK_INVITES_PER_MINUTE", "6000");
        return env;
    }

    private static Optional<Run> runOnce(TestApp running) {
        return running.components().autoInvitations().runOnce();
    }

    /** The feature's first run, at the app's start: from now on, new users are new. */
    private static void turnOn(TestApp running) {
        runOnce(running);
    }

    private static List<ReceivedMail> invitationsTo(String address) {
        return mailbox.to(address).stream().filter(m -> m.subject().startsWith("Set up MFA")).toList();
    }

    private static String newUserLater(TestApp running, boolean consolePassword, boolean withEmail) {
        running.clock().advance(Duration.ofMinutes(10));
        return running.newUser("auto", consolePassword, withEmail);
    }

    private static Optional<AutoInvitationStore.Entry> entryOf(TestApp running, AccountUser user) {
        return new AutoInvitationStore(running.components().database().jdbi(), running.clock()).find(user);
    }

    /** ListMFADevices calls the simulator received so far, in every account. */
    private static int deviceListings(TestApp running) {
        return running.simulator().requestCount("ListMFADevices");
    }

    private static AccountUser own(String name) {
        return new AccountUser(new AccountId(DemoOrganization.MANAGEMENT_ID), name);
    }

    @Nested
    class ANewConsoleUserWithoutMfa {

        @Test
        void getsExactlyOneInvitationWithinOneInterval() {
            turnOn(app.get());
            String name = newUserLater(app.get(), true, true);
            app.clock().advance(INTERVAL);

            Optional<Run> first = runOnce(app.get());
            app.clock().advance(INTERVAL);
            Optional<Run> second = runOnce(app.get());

            assertThat(first).get().extracting(Run::invited).isEqualTo(1);
            assertThat(second).get().extracting(Run::invited).isEqualTo(0);
            List<ReceivedMail> invitations = invitationsTo(name + "@example.com");
            assertThat(invitations).hasSize(1);
            String token = TestApp.tokenOf(invitations.get(0).link());
            assertThat(app.components().links().forUser(own(name))).singleElement()
                    .satisfies(link -> assertThat(link.issuedBy()).isEqualTo(Actors.AUTO_INVITE));
            List<AuditEntry> audited = app.components().audit().forUser(own(name), 20);
            assertThat(audited).filteredOn(e -> e.actor().equals(Actors.AUTO_INVITE)).extracting(AuditEntry::action)
                    .contains(AuditAction.LINK_ISSUED, AuditAction.MAIL_SENT);
            assertThat(audited).noneMatch(e -> String.valueOf(e.detail()).contains(token));
            assertThat(LogHygiene.lines()).anyMatch(line -> line.contains("Auto-invite run: 1 invited, 0 failed"));
        }

        @Test
        void costsOneDeviceListingNotOneBeforeTheCheckAndOneBeforeTheMail() {
            turnOn(app.get());
            newUserLater(app.get(), true, true);
            app.clock().advance(INTERVAL);
            int before = deviceListings(app.get());

            Optional<Run> run = runOnce(app.get());

            assertThat(run).get().extracting(Run::invited).isEqualTo(1);
            assertThat(deviceListings(app.get()) - before).as("ListMFADevices for a user the report does not know yet")
                    .isEqualTo(1);
        }

        @Test
        void inAMemberAccountIsInvitedToo() {
            turnOn(app.get());
            app.clock().advance(Duration.ofMinutes(10));
            app.simulator().account(DemoOrganization.DEV_ID)
                    .addUser("dev-newcomer", true, Map.of("email", "dev-newcomer@example.com"));
            app.clock().advance(INTERVAL);

            runOnce(app.get());

            assertThat(invitationsTo("dev-newcomer@example.com")).hasSize(1);
        }

        @Test
        void whoAlreadyHoldsALinkFromSomeoneElseIsNotInvited() {
            turnOn(app.get());
            String name = newUserLater(app.get(), true, true);
            app.linkFor(name);

            Optional<Run> run = runOnce(app.get());

            assertThat(run).get().extracting(Run::invited).isEqualTo(0);
            assertThat(invitationsTo(name + "@example.com")).isEmpty();
        }

        @Test
        void withoutAnEmailTagIsListedOnTheHelpdeskHomeLinkedToTheUserPage() {
            turnOn(app.get());
            String name = newUserLater(app.get(), true, false);

            runOnce(app.get());
            Browser staff = Staff.withSession(app.get(), "helpdesk:hanna", Role.HELPDESK);
            String home = staff.get("/helpdesk").body();

            assertThat(mailbox.received()).isEmpty();
            assertThat(home).contains("Who needs a link sent by hand")
                    .contains("href=\"" + UserPaths.of(own(name)) + "\"").contains("no email tag");
            assertThat(entryOf(app.get(), own(name))).get().extracting(AutoInvitationStore.Entry::state)
                    .isEqualTo(State.NO_ADDRESS);
        }

        @Test
        void whoIsProtectedIsListedForAnAdministratorNotMailed() {
            turnOn(app.get());
            app.clock().advance(Duration.ofMinutes(10));
            app.simulator().addUser("break-glass", true,
                    Map.of("email", "shared-mailbox@example.com", "mfa-enroll-protected", "yes"));

            runOnce(app.get());
            app.clock().advance(INTERVAL);
            runOnce(app.get());

            assertThat(mailbox.received()).isEmpty();
            assertThat(entryOf(app.get(), own("break-glass"))).get().extracting(AutoInvitationStore.Entry::state)
                    .isEqualTo(State.PROTECTED);
            assertThat(app.components().audit().forUser(own("break-glass"), 20))
                    .filteredOn(e -> e.action() == AuditAction.LINK_ISSUED).as("the refusal, audited once")
                    .singleElement().satisfies(e -> assertThat(e.actor()).isEqualTo(Actors.AUTO_INVITE));
        }

        @Test
        void withoutAConsolePasswordIsNotInvited() {
            turnOn(app.get());
            String name = newUserLater(app.get(), false, true);

            runOnce(app.get());

            assertThat(invitationsTo(name + "@example.com")).isEmpty();
        }

        @Test
        void withoutAnEmailTagIsMailedOnceTheTagIsSet() {
            turnOn(app.get());
            String name = newUserLater(app.get(), true, false);
            runOnce(app.get());

            app.simulator().account(DemoOrganization.MANAGEMENT_ID).tagUser(name, "email", name + "@example.com");
            app.clock().advance(INTERVAL);
            Optional<Run> withinTheDay = runOnce(app.get());
            app.clock().advance(AutoInviteSender.RECHECK_WAITING);
            Optional<Run> aDayLater = runOnce(app.get());
            app.clock().advance(AutoInviteSender.RECHECK_WAITING);
            runOnce(app.get());

            assertThat(withinTheDay).get().extracting(Run::invited).isEqualTo(0);
            assertThat(aDayLater).get().extracting(Run::invited).isEqualTo(1);
            assertThat(invitationsTo(name + "@example.com")).hasSize(1);
            assertThat(entryOf(app.get(), own(name))).get().extracting(AutoInvitationStore.Entry::state)
                    .isEqualTo(State.SENT);
        }

        @Test
        void whomIamCannotCheckKeepsItsPlaceOnTheList() {
            turnOn(app.get());
            String name = newUserLater(app.get(), true, false);
            runOnce(app.get());
            app.simulator().failNext("GetLoginProfile", 1, 403, "AccessDenied", "not now");
            int asked = app.simulator().requestCount("GetLoginProfile");

            app.clock().advance(INTERVAL);
            runOnce(app.get());

            assertThat(app.simulator().requestCount("GetLoginProfile")).as("IAM was asked").isGreaterThan(asked);
            assertThat(entryOf(app.get(), own(name))).get().extracting(AutoInvitationStore.Entry::state)
                    .isEqualTo(State.NO_ADDRESS);
        }
    }

    @Nested
    class TheHelpdeskList {

        @Test
        void dropsAUserOnceAPersonSentThemALink() {
            turnOn(app.get());
            String name = newUserLater(app.get(), true, false);
            runOnce(app.get());
            boolean listedBefore = app.components().autoInvitations().waitingForHelpdesk().stream()
                    .anyMatch(w -> w.user().equals(own(name)));

            app.clock().advance(Duration.ofMinutes(5));
            app.linkFor(name);
            List<AutoInvitations.Waiting> listedAfter = app.components().autoInvitations().waitingForHelpdesk();
            app.clock().advance(INTERVAL);
            runOnce(app.get());

            assertThat(listedBefore).isTrue();
            assertThat(listedAfter).extracting(AutoInvitations.Waiting::user).doesNotContain(own(name));
            assertThat(entryOf(app.get(), own(name))).get().extracting(AutoInvitationStore.Entry::state)
                    .isEqualTo(State.RESOLVED);
        }

        @Test
        void saysHowManyMoreWaitThanItShows() {
            AutoInvitationStore store = new AutoInvitationStore(app.components().database().jdbi(), app.clock());
            for (int i = 0; i < AutoInvitations.LISTED + 2; i++) {
                store.note(own("waiting" + i), State.NO_ADDRESS, null);
            }

            Browser staff = Staff.withSession(app.get(), "helpdesk:hanna", Role.HELPDESK);
            String home = staff.get("/helpdesk").body();

            AutoInvitations auto = app.components().autoInvitations();
            assertThat(auto.waitingBeyond(auto.waitingForHelpdesk())).isEqualTo(2);
            assertThat(home).contains("… and 2 more");
        }

        @Test
        void countsNothingBeyondAListThatIsNotFull() {
            AutoInvitationStore store = new AutoInvitationStore(app.components().database().jdbi(), app.clock());
            for (int i = 0; i < AutoInvitations.LISTED + 2; i++) {
                store.note(own("waiting" + i), State.NO_ADDRESS, null);
            }
            List<AutoInvitations.Waiting> shortList = app.components().autoInvitations().waitingForHelpdesk()
                    .subList(0, AutoInvitations.LISTED - 1);

            int beyond = app.components().autoInvitations().waitingBeyond(shortList);

            assertThat(beyond).as("not counted: a list shorter than the page's is everyone").isZero();
        }
    }

    @Nested
    class ExistingUsers {

        @Test
        void getNoInvitationWhenTheFeatureIsTurnedOn() {
            Optional<Run> first = runOnce(app.get());
            app.clock().advance(INTERVAL);
            Optional<Run> second = runOnce(app.get());

            assertThat(first).get().extracting(Run::invited).isEqualTo(0);
            assertThat(second).get().extracting(Run::invited).isEqualTo(0);
            assertThat(mailbox.received()).isEmpty();
        }

        @Test
        void areInvitedOnlyWithTheSettingForThem() {
            try (TestApp withExisting = TestApp.start(settings(true, true))) {

                Optional<Run> first = runOnce(withExisting);
                int mailed = mailbox.received().size();
                withExisting.clock().advance(INTERVAL);
                Optional<Run> second = runOnce(withExisting);

                assertThat(first.orElseThrow().invited()).isPositive().isEqualTo(mailed);
                assertThat(invitationsTo("alice@example.com")).isNotEmpty();
                assertThat(withExisting.components().links().forUser(own("alice"))).singleElement()
                        .satisfies(link -> assertThat(link.issuedBy()).isEqualTo(Actors.AUTO_INVITE));
                assertThat(second.orElseThrow().invited()).isZero();
                assertThat(mailbox.received()).hasSize(mailed);
            }
        }

        @Test
        void areAskedForTheirDevicesAgainBeforeTheMailBecauseTheReportMayBeHoursOld() {
            try (TestApp withExisting = TestApp.start(settings(true, true))) {
                int before = deviceListings(withExisting);

                Optional<Run> first = runOnce(withExisting);

                assertThat(first.orElseThrow().invited()).isPositive();
                assertThat(deviceListings(withExisting) - before).as("one ListMFADevices per user mailed")
                        .isEqualTo(first.orElseThrow().invited());
            }
        }

        @Test
        void areInvitedOnlyByTheRunsOfTheBaselineThatAskedForIt() {
            try (TestApp withExisting = TestApp.start(settings(true, true))) {
                runOnce(withExisting);
                int mailed = mailbox.received().size();
                // As if the rows and links were lost (an empty or restored database), the setting still on.
                withExisting.components().database().jdbi().useHandle(h -> {
                    h.execute("DELETE FROM auto_invitations");
                    h.execute("DELETE FROM link_tokens");
                });

                withExisting.clock().advance(INTERVAL);
                Optional<Run> afterwards = runOnce(withExisting);

                assertThat(mailed).isPositive();
                assertThat(afterwards).get().extracting(Run::invited).isEqualTo(0);
                assertThat(mailbox.received()).hasSize(mailed);
            }
        }
    }

    @Nested
    class OffAndOnAgain {

        @Test
        void sendsNothingTwiceAndKeepsTheMomentItWasFirstTurnedOn() throws IOException {
            Path data = Files.createTempDirectory("auto-invite-off-on");
            Map<String, String> on = new HashMap<>(settings(true, false));
            on.put("MFA_DATA_DIR", data.toString());
            Map<String, String> off = new HashMap<>(settings(false, false));
            off.put("MFA_DATA_DIR", data.toString());
            String name;
            java.time.Instant firstTurnedOn;
            try (TestApp first = TestApp.start(on)) {
                turnOn(first);
                firstTurnedOn = first.components().autoInvitations().turnedOn();
                name = newUserLater(first, true, true);
                first.clock().advance(INTERVAL);
                runOnce(first);
            }
            try (TestApp turnedOff = TestApp.start(off)) {
                assertThat(runOnce(turnedOff)).as("off: no run").isEmpty();
            }

            Optional<Run> again;
            java.time.Instant keptTurnedOn;
            List<String> usersThen;
            try (TestApp turnedOnAgain = TestApp.start(on)) {
                turnedOnAgain.clock().advance(INTERVAL.multipliedBy(3));
                again = runOnce(turnedOnAgain);
                keptTurnedOn = turnedOnAgain.components().autoInvitations().turnedOn();
                usersThen = turnedOnAgain.components().iam().listUsers().stream()
                        .map(io.github.mfaenroll.iam.IamUser::userName).toList();
            }

            assertThat(usersThen).as("the demo organization is kept in the data directory").contains(name);
            assertThat(invitationsTo(name + "@example.com")).hasSize(1);
            assertThat(again).get().extracting(Run::invited).isEqualTo(0);
            assertThat(keptTurnedOn).isEqualTo(firstTurnedOn);
        }
    }

    @Nested
    class AUserCreatedWhileTheFeatureWasOff {

        @Test
        void isInvitedOnceItIsTurnedBackOn() throws IOException {
            Path data = Files.createTempDirectory("auto-invite-created-while-off");
            Map<String, String> on = new HashMap<>(settings(true, false));
            on.put("MFA_DATA_DIR", data.toString());
            Map<String, String> off = new HashMap<>(settings(false, false));
            off.put("MFA_DATA_DIR", data.toString());
            try (TestApp first = TestApp.start(on)) {
                turnOn(first);
            }
            String name;
            try (TestApp turnedOff = TestApp.start(off)) {
                name = newUserLater(turnedOff, true, true);
            }

            Optional<Run> run;
            try (TestApp turnedOnAgain = TestApp.start(on)) {
                turnedOnAgain.clock().advance(INTERVAL);
                run = runOnce(turnedOnAgain);
            }

            assertThat(run).get().extracting(Run::invited).isEqualTo(1);
            assertThat(invitationsTo(name + "@example.com")).hasSize(1);
        }
    }

    @Nested
    class ASendCutShort {

        @Test
        void afterItsLinkWasIssuedIsNeverRepeatedAndIsListedForTheHelpdesk() {
            turnOn(app.get());
            String name = newUserLater(app.get(), true, true);
            AutoInvitationStore store = new AutoInvitationStore(app.components().database().jdbi(), app.clock());
            // As an instance that died while mailing leaves it: claimed, its link issued.
            store.claim(own(name), app.clock().instant());
            app.components().links().issue(own(name), null, Actors.AUTO_INVITE, false, null);

            app.clock().advance(INTERVAL);
            runOnce(app.get());

            assertThat(invitationsTo(name + "@example.com")).isEmpty();
            assertThat(store.find(own(name))).get().extracting(AutoInvitationStore.Entry::state)
                    .isEqualTo(State.UNCONFIRMED);
            assertThat(app.components().autoInvitations().waitingForHelpdesk())
                    .extracting(AutoInvitations.Waiting::user).contains(own(name));
        }

        @Test
        void beforeAnyLinkWasIssuedIsTriedAgain() {
            turnOn(app.get());
            String name = newUserLater(app.get(), true, true);
            AutoInvitationStore store = new AutoInvitationStore(app.components().database().jdbi(), app.clock());
            store.claim(own(name), app.clock().instant()); // stopped between the claim and the link

            app.clock().advance(INTERVAL);
            runOnce(app.get());

            assertThat(invitationsTo(name + "@example.com")).hasSize(1);
            assertThat(store.find(own(name))).get().extracting(AutoInvitationStore.Entry::state)
                    .isEqualTo(State.SENT);
        }
    }

    @Nested
    class TwoInstancesOnOneDatabase {

        @Test
        void sendOneInvitationBetweenThem() throws Exception {
            MutableClock clock = new MutableClock(TestApp.START);
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Map<String, String> shared = new HashMap<>(settings(true, false));
            shared.put("MFA_DATABASE_URL", Databases.postgresUrl());
            shared.put("MFA_DATABASE_USER", "postgres");
            shared.put("MFA_SECRET_KEY", Base64.getEncoder().encodeToString(key));
            try (IamSimulator iam = new IamSimulator(clock, DemoAccount.ACCOUNT_ID).start();
                 TestApp first = startSeeded(iam, clock, shared);
                 TestApp second = TestApp.instanceSharing(iam, clock, shared)) {
                turnOn(first);
                turnOn(second);
                String name = newUserLater(first, true, true);
                clock.advance(INTERVAL);

                List<Optional<Run>> together = Concurrently.results(List.of(() -> runOnce(first), () -> runOnce(second)));
                clock.advance(INTERVAL);
                Optional<Run> secondAlone = runOnce(second);

                assertThat(together.stream().flatMap(Optional::stream).mapToInt(Run::invited).sum()).isEqualTo(1);
                assertThat(secondAlone).get().extracting(Run::invited).isEqualTo(0);
                assertThat(invitationsTo(name + "@example.com")).hasSize(1);
            }
        }

        @Test
        void aRunWhileAnotherHoldsTheLeaseSendsNothing() throws Exception {
            MutableClock clock = new MutableClock(TestApp.START);
            Map<String, String> shared = sharedSettings();
            try (IamSimulator iam = new IamSimulator(clock, DemoAccount.ACCOUNT_ID).start();
                 TestApp first = startSeeded(iam, clock, shared);
                 TestApp second = TestApp.instanceSharing(iam, clock, shared)) {
                turnOn(first);
                String name = newUserLater(first, true, true);
                clock.advance(INTERVAL);
                Lease heldBySecond = new Lease(second.components().database().jdbi(), clock, "auto-invitations");
                String holder = heldBySecond.tryAcquire(Duration.ofMinutes(10)).orElseThrow();

                Optional<Run> whileHeld = runOnce(first);
                heldBySecond.release(holder);
                Optional<Run> afterwards = runOnce(first);

                assertThat(whileHeld).isEmpty();
                assertThat(afterwards).get().extracting(Run::invited).isEqualTo(1);
                assertThat(invitationsTo(name + "@example.com")).hasSize(1);
            }
        }

        @Test
        void runOncePerIntervalBetweenThem() throws Exception {
            MutableClock clock = new MutableClock(TestApp.START);
            Map<String, String> shared = sharedSettings();
            try (IamSimulator iam = new IamSimulator(clock, DemoAccount.ACCOUNT_ID).start();
                 TestApp first = startSeeded(iam, clock, shared);
                 TestApp second = TestApp.instanceSharing(iam, clock, shared)) {

                Optional<Run> firstRuns = first.components().autoInvitations().runIfDue();
                clock.advance(INTERVAL.dividedBy(2));
                Optional<Run> secondTooSoon = second.components().autoInvitations().runIfDue();
                clock.advance(INTERVAL.dividedBy(2));
                Optional<Run> secondDue = second.components().autoInvitations().runIfDue();

                assertThat(firstRuns).isPresent();
                assertThat(secondTooSoon).isEmpty();
                assertThat(secondDue).isPresent();
            }
        }

        private static Map<String, String> sharedSettings() {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Map<String, String> shared = new HashMap<>(settings(true, false));
            shared.put("MFA_DATABASE_URL", Databases.postgresUrl());
            shared.put("MFA_DATABASE_USER", "postgres");
            shared.put("MFA_SECRET_KEY", Base64.getEncoder().encodeToString(key));
            return shared;
        }

        private static TestApp startSeeded(IamSimulator iam, MutableClock clock, Map<String, String> env) {
            DemoAccount.seed(iam);
            return TestApp.instanceSharing(iam, clock, env);
        }
    }
}

