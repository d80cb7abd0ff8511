package io.github.mfaenroll.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.compliance.CoverageSnapshot;
import io.github.mfaenroll.compliance.CoverageSnapshots;
import io.github.mfaenroll.iam.AccountId;
import io.github.mfaenroll.testing.Concurrently;
import io.github.mfaenroll.testing.Databases.NamedDatabase;
import io.github.mfaenroll.testing.MutableClock;
import io.github.mfaenroll.testing.OnBothDatabases;
import io.github.mfaenroll.testing.TestApp;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/** The V16 coverage snapshots on H2 and on a real PostgreSQL: one row per account per day, the day's last read wins. */
class CoverageSnapshotsTest {

    private static final AccountId CORP = new AccountId("123456789012");
    private static final AccountId DEV = new AccountId("234567890123");
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

    private final MutableClock clock = new MutableClock(TestApp.START);

    @OnBothDatabases
    void aSecondReadOfTheSameDayReplacesItsFiguresInsteadOfAddingARow(NamedDatabase named) {
        try (Database db = named.open().get()) {
            CoverageSnapshots snapshots = new CoverageSnapshots(db.jdbi(), clock);

            snapshots.record(new CoverageSnapshot(CORP, TODAY, 10, 4));
            snapshots.record(new CoverageSnapshot(CORP, TODAY, 10, 6));
            snapshots.record(new CoverageSnapshot(DEV, TODAY, 3, 3));

            assertThat(snapshots.between(CORP, TODAY.minusDays(89), TODAY))
                    .containsExactly(new CoverageSnapshot(CORP, TODAY, 10, 6));
            assertThat(snapshots.between(TODAY, TODAY)).containsExactly(new CoverageSnapshot(CORP, TODAY, 10, 6),
                    new CoverageSnapshot(DEV, TODAY, 3, 3));
        }
    }

    @OnBothDatabases
    void eachDayKeepsItsOwnRowAndTodayIsTheUtcDate(NamedDatabase named) {
        try (Database db = named.open().get()) {
            CoverageSnapshots snapshots = new CoverageSnapshots(db.jdbi(), clock);
            snapshots.record(new CoverageSnapshot(CORP, TODAY.minusDays(1), 10, 2));
            clock.advance(Duration.ofHours(14)); // 2026-11-24T00:00Z

            boolean before = snapshots.hasToday(CORP);
            snapshots.record(new CoverageSnapshot(CORP, snapshots.today(), 10, 5));

            assertThat(before).isFalse();
            assertThat(snapshots.hasToday(CORP)).isTrue();
            assertThat(snapshots.between(CORP, TODAY.minusDays(10), TODAY.plusDays(1))).containsExactly(
                    new CoverageSnapshot(CORP, TODAY.minusDays(1), 10, 2),
                    new CoverageSnapshot(CORP, TODAY.plusDays(1), 10, 5));
        }
    }

    @OnBothDatabases
    void instancesRecordingTheSameDayAtOnceLeaveOneRow(NamedDatabase named) throws Exception {
        try (Database db = named.open().get()) {
            CoverageSnapshots snapshots = new CoverageSnapshots(db.jdbi(), clock);

            Concurrently.results(8, () -> {
                snapshots.record(new CoverageSnapshot(CORP, TODAY, 10, 7));
                return true;
            });

            assertThat(snapshots.between(CORP, TODAY, TODAY)).hasSize(1);
            int rows = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM coverage_snapshots")
                    .mapTo(Integer.class).one());
            assertThat(rows).isEqualTo(1);
        }
    }

    @OnBothDatabases
    void onlyTheAskedAccountAndDaysAreRead(NamedDatabase named) {
        try (Database db = named.open().get()) {
            CoverageSnapshots snapshots = new CoverageSnapshots(db.jdbi(), clock);
            snapshots.record(new CoverageSnapshot(CORP, TODAY.minusDays(90), 1, 1));
            snapshots.record(new CoverageSnapshot(CORP, TODAY.minusDays(89), 2, 1));
            snapshots.record(new CoverageSnapshot(DEV, TODAY, 3, 1));

            List<CoverageSnapshot> window = snapshots.between(CORP, TODAY.minusDays(89), TODAY);

            assertThat(window).containsExactly(new CoverageSnapshot(CORP, TODAY.minusDays(89), 2, 1));
        }
    }
}
