package io.github.mfaenroll.compliance;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The coverage chart of the last {@link #DAYS} days, computed on the server and drawn by the template as an inline SVG
 * (no JavaScript, nothing for the CSP to refuse): the share of users with a console password who have MFA, one point
 * per day with a snapshot. Days without a snapshot are gaps: the line stops and starts again, it never drops to zero.
 * The same figures are the rows of the table that screen readers read.
 *
 * @param firstDay the oldest day drawn ({@link #DAYS} - 1 days before {@code lastDay})
 * @param lastDay today (UTC)
 * @param points the days with a snapshot, oldest first, with their place in the drawing
 * @param lines one SVG {@code points} list per run of consecutive days (a lone day is a dot without a line)
 */
public record CoverageChart(LocalDate firstDay, LocalDate lastDay, List<Point> points, List<String> lines) {

    /** How many days the chart covers, today included. */
    public static final int DAYS = 90;
    /** The drawing's coordinate system ({@code viewBox}); the CSS scales it to the page. */
    public static final int WIDTH = 600;
    public static final int HEIGHT = 180;
    /** The plot area inside it, left of which the percentage labels sit and below which the dates do. */
    public static final int LEFT = 48;
    public static final int RIGHT = 590;
    public static final int TOP = 12;
    public static final int BOTTOM = 150;

    /**
     * One day with a snapshot.
     *
     * @param x where the day is drawn, across ({@code 0..WIDTH}, one decimal, as SVG reads it)
     * @param y where its percentage is drawn, down ({@code TOP} is 100 %, {@code BOTTOM} 0 %)
     */
    public record Point(LocalDate day, int withConsolePassword, int withConsolePasswordAndMfa, double percent,
                        String x, String y) {
    }

    /** The chart of these snapshots (one account's, any order); those outside the window are left out. */
    public static CoverageChart of(List<CoverageSnapshot> snapshots, LocalDate today) {
        Map<LocalDate, int[]> byDay = new TreeMap<>();
        for (CoverageSnapshot snapshot : snapshots) {
            byDay.put(snapshot.day(), new int[] {snapshot.withConsolePassword(), snapshot.withConsolePasswordAndMfa()});
        }
        return draw(byDay, today);
    }

    /** The chart of several accounts' snapshots, each day's figures summed over the accounts that have that day. */
    public static CoverageChart summed(List<CoverageSnapshot> snapshots, LocalDate today) {
        Map<LocalDate, int[]> byDay = new TreeMap<>();
        for (CoverageSnapshot snapshot : snapshots) {
            int[] sum = byDay.computeIfAbsent(snapshot.day(), day -> new int[2]);
            sum[0] += snapshot.withConsolePassword();
            sum[1] += snapshot.withConsolePasswordAndMfa();
        }
        return draw(byDay, today);
    }

    /** The oldest day of the window ending {@code today}. */
    public static LocalDate firstDay(LocalDate today) {
        return today.minusDays(DAYS - 1);
    }

    /** Today in UTC, the calendar snapshots are kept by. */
    public static LocalDate todayOf(Clock clock) {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static CoverageChart draw(Map<LocalDate, int[]> byDay, LocalDate today) {
        LocalDate first = firstDay(today);
        List<Point> points = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        int runLength = 0;
        LocalDate previous = null;
        for (Map.Entry<LocalDate, int[]> entry : byDay.entrySet()) {
            LocalDate day = entry.getKey();
            if (day.isBefore(first) || day.isAfter(today)) {
                continue;
            }
            int withPassword = entry.getValue()[0];
            int withMfa = entry.getValue()[1];
            double percent = Coverage.percent(withMfa, withPassword);
            Point point = new Point(day, withPassword, withMfa, percent, coordinate(x(first, day)),
                    coordinate(y(percent)));
            points.add(point);
            if (previous == null || !previous.plusDays(1).equals(day)) {
                // A missing day ends the line: a gap, not a zero.
                endRun(lines, run, runLength);
                run.setLength(0);
                runLength = 0;
            }
            run.append(runLength == 0 ? "" : " ").append(point.x()).append(',').append(point.y());
            runLength++;
            previous = day;
        }
        endRun(lines, run, runLength);
        return new CoverageChart(first, today, List.copyOf(points), List.copyOf(lines));
    }

    private static void endRun(List<String> lines, StringBuilder run, int runLength) {
        if (runLength > 1) {
            lines.add(run.toString());
        }
    }

    private static double x(LocalDate first, LocalDate day) {
        long index = ChronoUnit.DAYS.between(first, day);
        return LEFT + index * (double) (RIGHT - LEFT) / (DAYS - 1);
    }

    /** Where a percentage sits, down from the top (SVG's y grows downwards). */
    static double y(double percent) {
        return BOTTOM - percent * (BOTTOM - TOP) / 100.0;
    }

    private static String coordinate(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** The newest day with a snapshot; null when there is none. */
    public Point latest() {
        return points.isEmpty() ? null : points.get(points.size() - 1);
    }

    /** The oldest day with a snapshot in the window; null when there is none. */
    public Point earliest() {
        return points.isEmpty() ? null : points.get(0);
    }

    /** Days of the window without a snapshot (the gaps). */
    public int missingDays() {
        return DAYS - points.size();
    }

    /** Where the 0 %, 50 % and 100 % grid lines are drawn, down from the top. */
    public String gridY(Number percent) {
        return coordinate(y(percent.doubleValue()));
    }

    /** The drawing's size and plot area, for the template (Pebble reads methods, not static fields). */
    public int width() {
        return WIDTH;
    }

    public int height() {
        return HEIGHT;
    }

    public int left() {
        return LEFT;
    }

    public int right() {
        return RIGHT;
    }

    /** Where the dates are written, below the plot area. */
    public int dateBaseline() {
        return BOTTOM + 20;
    }
}
