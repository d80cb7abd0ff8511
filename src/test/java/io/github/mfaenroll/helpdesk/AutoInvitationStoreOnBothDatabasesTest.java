package io.github.mfaenroll.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.helpdesk.AutoInvitationStore.Baseline;
import io.github.mfaenroll.helpdesk.AutoInvitationStore.Entry;
import io.github.mfaenroll.helpdesk.AutoInvitationStore.State;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.store.Database;
import io.github.mfaenroll.store.Lease;
import io.github.mfaenroll.testing.Concurrently;
import io.github.mfaenroll.testing.Databases.NamedDatabase;
import io.github.mfaenroll.testing.MutableClock;
import io.github.mfaenroll.testing.OnBothDatabases;
import io.github.mfaenroll.testing.TestApp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The auto-invite store (V19) on H2 and PostgreSQL: the moment the feature was first turned on is written once, a
 * user is claimed for a send by exactly one of several simultaneous callers, and a sent user is never claimed again.
 * Real threads on real connections.
 */
class AutoInvitationStoreOnBothDatabasesTest {

    private static final AccountUser ERIN = AccountUser.of("123456789012", "erin");

    private final MutableClock clock = new MutableClock(TestApp.START.plusMillis(750));

    @OnBothDatabases
    void theMomentItWasFirstTurnedOnIsStoredOnceToTheSecondAndNeverMoved(NamedDatabase named) throws Exception {
        try (Database db = named.open().get()) {
            AutoInvitationStore store = new AutoInvitationStore(db.jdbi(), clock);

            List<Object> first = Concurrently.outcomes(4, () -> store.baseline(clock.instant(), false).turnedOnAt());
            Instant later = store.baseline(clock.instant().plus(Duration.ofDays(30)), true).turnedOnAt();

            assertThat(first).containsOnly(TestApp.START);
            assertThat(later).isEqualTo(TestApp.START);
            assertThat(store.baseline()).get().extracting(Baseline::turnedOnAt).isEqualTo(TestApp.START);
            assertThat(store.baseline()).get().extracting(Baseline::inviteExisting)
                    .as("the setting counts only when the baseline is stored").isEqualTo(false);
        }
    }

    @OnBothDatabases
    void invitingExistingUsersIsRecordedWithTheBaselineAndClearedOnce(NamedDatabase named) {
        try (Database db = named.open().get()) {
            AutoInvitationStore store = new AutoInvitationStore(db.jdbi(), clock);

            boolean stored = store.baseline(clock.instant(), true).inviteExisting();
            store.existingInvited();
            boolean afterwards = store.baseline(clock.instant(), true).inviteExisting();

            assertThat(stored).isTrue();
            assertThat(afterwards).isFalse();
        }
    }

    @OnBothDatabases
    void ofInstancesDueAtOnceExactlyOneStartsARunPerInterval(NamedDatabase named) throws Exception {
        try (Database db = named.open().get()) {
            AutoInvitationStore store = new AutoInvitationStore(db.jdbi(), clock);
            store.baseline(clock.instant(), false);
            Duration interval = Duration.ofHours(1);

            List<Object> together = Concurrently.outcomes(4, () -> store.startRun(clock.instant(), interval));
            clock.advance(Duration.ofMinutes(59));
            boolean tooSoon = store.startRun(clock.instant(), interval);
            clock.advance(Duration.ofMinutes(1));
            boolean due = store.startRun(clock.instant(), interval);

            assertThat(together).filteredOn(Boolean.TRUE::equals).hasSize(1);
            assertThat(tooSoon).isFalse();
            assertThat(due).isTrue();
            assertThat(store.baseline()).get().extracting(Baseline::lastRunAt).isEqualTo(clock.instant());
        }
    }

    @OnBothDatabases
    void aSendUnderWayIsNeverMovedByANoteOnlyByEndingIt(NamedDatabase named) {
        try (Database db = named.open().get()) {
            AutoInvitationStore store = new AutoInvitationStore(db.jdbi(), clock);
            store.claim(ERIN, TestApp.START);

            boolean noted = store.note(ERIN, State.RESOLVED, TestApp.START);
            boolean claimedAgain = store.claim(ERIN, TestApp.START);
            boolean cutShort = store.sendingCutShort(ERIN, State.UNCONFIRMED);
            boolean cutShortAgain = store.sendingCutShort(ERIN, State.FAILED);

            assertThat(noted).isFalse();
            assertThat(claimedAgain).isFalse();
            assertThat(cutShort).isTrue();
            assertThat(cutShortAgain).as("only a row still SENDING moves").isFalse();
            assertThat(store.find(ERIN)).get().extracting(Entry::state).isEqualTo(State.UNCONFIRMED);
        }
    }

    @OnBothDatabases
    void simultaneousClaimsOfOneUserHaveOneWinner(NamedDatabase named) throws Exception {
        try (Database db = named.open().get()) {
            AutoInvitationStore store = new AutoInvitationStore(db.jdbi(), clock);

            List<Object> claims = Concurrently.outcomes(8, () -> store.claim(ERIN, TestApp.START));

            assertThat(claims).containsOnly(true, false).filteredOn(Boolean.TRUE::equals).hasSize(1);
            assertThat(store.find(ERIN)).get().extracting(Entry::state, Entry::attempts)
                    .containsExactly(State.SENDING, 1);
        }
    }

    @OnBothDatabases
    void aFailedSendMayBeClaimedAgainASentOneNever(NamedDatabase named) {
        try (Database db = named.open().get()) {
            AutoInvitationStore store = new AutoInvitationStore(db.jdbi(), clock);
            store.claim(ERIN, TestApp.START);
            store.finish(ERIN, State.FAILED, null);

            boolean retry = store.claim(ERIN, TestApp.START);
            store.finish(ERIN, State.SENT, "b3c1f0e2-0000-4000-8000-000000000001");
            boolean afterSent = store.claim(ERIN, TestApp.START);
            boolean noted = store.note(ERIN, State.NO_ADDRESS, TestApp.START);

            assertThat(retry).isTrue();
            assertThat(afterSent).isFalse();
            assertThat(noted).as("a sent user's state stays SENT").isFalse();
            assertThat(store.find(ERIN)).get().extracting(Entry::state, Entry::attempts, Entry::linkId)
                    .containsExactly(State.SENT, 2, "b3c1f0e2-0000-4000-8000-000000000001");
        }
    }

    @OnBothDatabases
    void theHelpdeskListHoldsOnlyUsersWaitingForAPerson(NamedDatabase named) {
        try (Database db = named.open().get()) {
            AutoInvitationStore store = new AutoInvitationStore(db.jdbi(), clock);
            AccountUser noTag = AccountUser.of("123456789012", "notag");
            AccountUser sent = AccountUser.of("123456789012", "sent");
            store.note(noTag, State.NO_ADDRESS, null);
            store.claim(sent, null);
            store.finish(sent, State.SENT, null);

            boolean again = store.note(noTag, State.NO_ADDRESS, null);
            List<Entry> listed = store.listedForHelpdesk(10);

            assertThat(again).as("the same state again is no change").isFalse();
            assertThat(listed).extracting(Entry::user).containsExactly(noTag);
        }
    }

    @OnBothDatabases
    void theMigrationAddsTheLeaseOfTheJob(NamedDatabase named) {
        try (Database db = named.open().get()) {
            Lease lease = new Lease(db.jdbi(), clock, "auto-invitations");

            Optional<String> holder = lease.tryAcquire(Duration.ofMinutes(1));
            Optional<String> second = lease.tryAcquire(Duration.ofMinutes(1));

            assertThat(holder).isPresent();
            assertThat(second).isEmpty();
        }
    }

    @OnBothDatabases
    void aLeasePastItsTimeIsRenewedWhileNobodyElseTookIt(NamedDatabase named) {
        try (Database db = named.open().get()) {
            Lease lease = new Lease(db.jdbi(), clock, "auto-invitations");
            String holder = lease.tryAcquire(Duration.ofMinutes(1)).orElseThrow();
            clock.advance(Duration.ofMinutes(2));

            boolean renewed = lease.renew(holder, Duration.ofMinutes(1));
            Optional<String> meanwhile = lease.tryAcquire(Duration.ofMinutes(1));

            assertThat(renewed).isTrue();
            assertThat(meanwhile).isEmpty();
        }
    }

    @OnBothDatabases
    void aLeaseSomeoneElseTookIsNotRenewed(NamedDatabase named) {
        try (Database db = named.open().get()) {
            Lease lease = new Lease(db.jdbi(), clock, "auto-invitations");
            String holder = lease.tryAcquire(Duration.ofMinutes(1)).orElseThrow();
            clock.advance(Duration.ofMinutes(2));
            Optional<String> other = lease.tryAcquire(Duration.ofMinutes(1));

            boolean renewed = lease.renew(holder, Duration.ofMinutes(1));

            assertThat(other).isPresent();
            assertThat(renewed).isFalse();
        }
    }
}
