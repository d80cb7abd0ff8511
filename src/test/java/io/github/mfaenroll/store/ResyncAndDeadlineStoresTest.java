package io.github.mfaenroll.store;

import static io.github.mfaenroll.testing.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.enforcement.Deadline;
import io.github.mfaenroll.enforcement.DeadlineStore;
import io.github.mfaenroll.enrollment.EnrollmentStore;
import io.github.mfaenroll.enrollment.ResyncStore;
import io.github.mfaenroll.testing.Concurrently;
import io.github.mfaenroll.testing.Databases.NamedDatabase;
import io.github.mfaenroll.testing.MutableClock;
import io.github.mfaenroll.testing.OnBothDatabases;
import io.github.mfaenroll.testing.TestApp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.OptionalInt;

/** The V7 stores (resync replay guard and attempt count, enroll-by deadlines, the clock offset) on H2 and on a real PostgreSQL. */
class ResyncAndDeadlineStoresTest {

    private static final String SERIAL = "arn:aws:iam::123456789012:mfa/carol-phone";

    private final MutableClock clock = new MutableClock(TestApp.START);

    @OnBothDatabases
    void everyPairSentWithinTheWindowIsRefusedAgainNotOnlyTheLast(NamedDatabase named) {
        try (Database db = named.open().get()) {
            ResyncStore store = new ResyncStore(db.jdbi(), clock);

            boolean first = store.claimPair(user("carol"), SERIAL, "hash-a", 100);
            boolean again = store.claimPair(user("carol"), SERIAL, "hash-a", 101);
            boolean other = store.claimPair(user("carol"), SERIAL, "hash-b", 102);
            boolean firstAfterOther = store.claimPair(user("carol"), SERIAL, "hash-a", 103);
            boolean firstOnceTheWindowHasPassed = store.claimPair(user("carol"), SERIAL, "hash-a",
                    100 + ResyncStore.REPLAY_WINDOW_STEPS + 1);

            assertThat(List.of(first, again, other, firstAfterOther, firstOnceTheWindowHasPassed))
                    .containsExactly(true, false, true, false, true);
        }
    }

    @OnBothDatabases
    void concurrentClaimsOfOnePairLetExactlyOneThrough(NamedDatabase named) throws Exception {
        try (Database db = named.open().get()) {
            ResyncStore store = new ResyncStore(db.jdbi(), clock);

            List<Boolean> results = Concurrently.results(8, () -> store.claimPair(user("carol"), SERIAL, "hash-a", 100));

            assertThat(results).containsOnlyOnce(true);
        }
    }

    @OnBothDatabases
    void attemptsCountUpPauseAndResetAfterASuccess(NamedDatabase named) {
        try (Database db = named.open().get()) {
            ResyncStore store = new ResyncStore(db.jdbi(), clock);
            Instant pauseStart = TestApp.START.minus(Duration.ofMinutes(15));

            store.reserveAttempt(user("carol"), SERIAL, 2, pauseStart);
            OptionalInt second = store.reserveAttempt(user("carol"), SERIAL, 2, pauseStart);
            OptionalInt third = store.reserveAttempt(user("carol"), SERIAL, 2, pauseStart);
            ResyncStore.Attempts counted = store.attempts(user("carol"), SERIAL);
            OptionalInt afterThePause = store.reserveAttempt(user("carol"), SERIAL, 2, TestApp.START);
            store.resetFailures(user("carol"), SERIAL);

            assertThat(second).hasValue(2);
            assertThat(third).as("paused").isEmpty();
            assertThat(counted).isEqualTo(new ResyncStore.Attempts(2, TestApp.START));
            assertThat(afterThePause).as("a pause that is over starts the count again").hasValue(1);
            assertThat(store.attempts(user("carol"), SERIAL).failedAttempts()).isZero();
        }
    }

    @OnBothDatabases
    void anAttemptIamNeverJudgedIsGivenBack(NamedDatabase named) {
        try (Database db = named.open().get()) {
            ResyncStore store = new ResyncStore(db.jdbi(), clock);

            store.reserveAttempt(user("carol"), SERIAL, 5, TestApp.START);
            store.reserveAttempt(user("carol"), SERIAL, 5, TestApp.START);
            store.release(user("carol"), SERIAL);

            assertThat(store.attempts(user("carol"), SERIAL).failedAttempts()).isEqualTo(1);
        }
    }

    @OnBothDatabases
    void concurrentRequestsNeverShareTheLastAttemptBeforeAPause(NamedDatabase named) throws Exception {
        try (Database db = named.open().get()) {
            ResyncStore store = new ResyncStore(db.jdbi(), clock);
            Instant pauseStart = TestApp.START.minus(Duration.ofMinutes(15));
            for (int i = 0; i < 4; i++) {
                store.reserveAttempt(user("carol"), SERIAL, 5, pauseStart);
            }

            List<Boolean> results = Concurrently.results(8,
                    () -> store.reserveAttempt(user("carol"), SERIAL, 5, pauseStart).isPresent());

            assertThat(results).containsOnlyOnce(true);
            assertThat(store.attempts(user("carol"), SERIAL).failedAttempts()).isEqualTo(5);
        }
    }

    @OnBothDatabases
    void aDeadlineIsSetMovedAndCleared(NamedDatabase named) {
        try (Database db = named.open().get()) {
            DeadlineStore store = new DeadlineStore(db.jdbi(), clock);

            store.set(user("alice"), LocalDate.parse("2026-12-01"), "helpdesk:hanna");
            store.markMfaSeen(user("alice"));
            store.set(user("alice"), LocalDate.parse("2026-12-24"), "helpdesk:maria");
            Deadline moved = store.find(user("alice")).orElseThrow();
            boolean cleared = store.clear(user("alice"));

            assertThat(moved).isEqualTo(new Deadline(user("alice"), LocalDate.parse("2026-12-24"), "helpdesk:maria",
                    TestApp.START, null, null));
            assertThat(cleared).isTrue();
            assertThat(store.all()).isEmpty();
            assertThat(store.clear(user("alice"))).isFalse();
        }
    }

    @OnBothDatabases
    void remindersAreDueInsideTheWindowOncePerDayAndNeverOnceMfaIsSeen(NamedDatabase named) throws Exception {
        try (Database db = named.open().get()) {
            DeadlineStore store = new DeadlineStore(db.jdbi(), clock);
            store.set(user("alice"), LocalDate.parse("2026-11-25"), "helpdesk:hanna");
            store.set(user("bob"), LocalDate.parse("2026-12-20"), "helpdesk:hanna");
            store.set(user("carol"), LocalDate.parse("2026-11-24"), "helpdesk:hanna");
            store.markMfaSeen(user("carol"));
            LocalDate today = LocalDate.parse("2026-11-23");
            Instant startOfToday = Instant.parse("2026-11-23T00:00:00Z");

            List<Deadline> due = store.dueForReminder(today, today.plusDays(3), startOfToday);
            List<Boolean> claims = Concurrently.results(6, () -> store.claimReminder(user("alice"), startOfToday));
            List<Deadline> dueAfterward = store.dueForReminder(today, today.plusDays(3), startOfToday);
            clock.advance(Duration.ofDays(1));
            boolean tomorrow = store.claimReminder(user("alice"), startOfToday.plus(Duration.ofDays(1)));

            assertThat(due).extracting(Deadline::iamUser).containsExactly(user("alice"));
            assertThat(claims).containsOnlyOnce(true);
            assertThat(dueAfterward).isEmpty();
            assertThat(tomorrow).isTrue();
        }
    }

    @OnBothDatabases
    void aClockProblemKeepsItsOffsetForTheHelpdesk(NamedDatabase named) {
        try (Database db = named.open().get()) {
            EnrollmentStore store = new EnrollmentStore(db.jdbi(), clock);
            store.insertStarted("e1", user("alice"), "session-key", TestApp.START.plus(Duration.ofMinutes(15)));

            store.recordFailure("e1", "clock_ahead", 300L);
            Long offset = store.find("e1").orElseThrow().lastClockOffsetSeconds();
            store.recordFailure("e1", "wrong_order");

            assertThat(offset).isEqualTo(300L);
            assertThat(store.find("e1").orElseThrow().lastClockOffsetSeconds()).isNull();
        }
    }
}
