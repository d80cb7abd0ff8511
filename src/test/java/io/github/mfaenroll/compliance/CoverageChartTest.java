package io.github.mfaenroll.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.iam.AccountId;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The coverage chart's drawing: one point per day with a snapshot, gaps as breaks in the line, the 90-day window. */
class CoverageChartTest {

    private static final AccountId CORP = new AccountId("123456789012");
    private static final AccountId DEV = new AccountId("234567890123");
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

    private static CoverageSnapshot day(int daysAgo, int withPassword, int withMfa) {
        return new CoverageSnapshot(CORP, TODAY.minusDays(daysAgo), withPassword, withMfa);
    }

    @Test
    void aMissingDayBreaksTheLineInsteadOfDrawingAZero() {
        List<CoverageSnapshot> snapshots = List.of(day(5, 10, 1), day(4, 10, 2), day(2, 10, 4), day(1, 10, 5),
                day(0, 10, 6));

        CoverageChart chart = CoverageChart.of(snapshots, TODAY);

        assertThat(chart.points()).hasSize(5);
        assertThat(chart.lines()).hasSize(2);
        assertThat(chart.lines().get(0).split(" ")).hasSize(2);
        assertThat(chart.lines().get(1).split(" ")).hasSize(3);
        assertThat(chart.points()).extracting(CoverageChart.Point::y).doesNotContain(chart.gridY(0));
        assertThat(chart.missingDays()).isEqualTo(85);
    }

    @Test
    void aLoneDayIsADotWithoutALine() {

        CoverageChart chart = CoverageChart.of(List.of(day(10, 4, 2), day(3, 4, 3)), TODAY);

        assertThat(chart.points()).hasSize(2);
        assertThat(chart.lines()).isEmpty();
    }

    @Test
    void coversTheLastNinetyDaysTodayIncludedAndLeavesOlderOnesOut() {
        List<CoverageSnapshot> snapshots = IntStream.rangeClosed(0, 120).mapToObj(ago -> day(ago, 10, 5)).toList();

        CoverageChart chart = CoverageChart.of(snapshots, TODAY);

        assertThat(chart.firstDay()).isEqualTo(TODAY.minusDays(89));
        assertThat(chart.lastDay()).isEqualTo(TODAY);
        assertThat(chart.points()).hasSize(90);
        assertThat(chart.earliest().day()).isEqualTo(TODAY.minusDays(89));
        assertThat(chart.earliest().x()).isEqualTo(String.valueOf(CoverageChart.LEFT) + ".0");
        assertThat(chart.latest().x()).isEqualTo(String.valueOf(CoverageChart.RIGHT) + ".0");
        assertThat(chart.lines()).hasSize(1);
        assertThat(chart.missingDays()).isZero();
    }

    @ParameterizedTest(name = "{0} of {1} with MFA: {2}% drawn at y={3}")
    @CsvSource({
            "0, 10, 0.0, 150.0",
            "5, 10, 50.0, 81.0",
            "10, 10, 100.0, 12.0",
            "0, 0, 100.0, 12.0",
            "1999, 2000, 99.9, 12.1"})
    void placesEachDaysShareOnTheScale(int withMfa, int withPassword, double percent, String y) {

        CoverageChart.Point point = CoverageChart.of(List.of(day(0, withPassword, withMfa)), TODAY).latest();

        assertThat(point.percent()).isEqualTo(percent);
        assertThat(point.y()).isEqualTo(y);
    }

    @Test
    void theOrganizationsDayAddsUpTheAccountsThatHaveIt() {
        List<CoverageSnapshot> snapshots = List.of(day(1, 10, 5), new CoverageSnapshot(DEV, TODAY.minusDays(1), 10, 10),
                day(0, 10, 6));

        CoverageChart chart = CoverageChart.summed(snapshots, TODAY);

        assertThat(chart.points()).extracting(CoverageChart.Point::withConsolePassword,
                CoverageChart.Point::withConsolePasswordAndMfa).containsExactly(
                org.assertj.core.groups.Tuple.tuple(20, 15), org.assertj.core.groups.Tuple.tuple(10, 6));
    }

    @Test
    void withoutSnapshotsThereIsNothingToDraw() {

        CoverageChart chart = CoverageChart.of(List.of(), TODAY);

        assertThat(chart.points()).isEmpty();
        assertThat(chart.latest()).isNull();
        assertThat(chart.missingDays()).isEqualTo(90);
    }
}
