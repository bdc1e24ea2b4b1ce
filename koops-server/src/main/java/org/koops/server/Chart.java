package org.koops.server;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.koops.server.Views.DayCount;

/**
 * The bug page's chart of crashes over time, as the geometry of an inline SVG bar chart: no script
 * and no image request. Days without crashes are bars of height zero; a long history is grouped into
 * weeks or months so that the bars stay wide enough to see.
 */
record Chart(int width, int height, List<Bar> bars, long max, String unit, String from, String to) {
    /** One bar; {@code label} says the period and its count, shown on hover. */
    record Bar(double x, double y, double w, double h, String label) {
    }

    static final int WIDTH = 720;
    static final int HEIGHT = 120;
    private static final int MAX_BARS = 120;
    /** Few bars stay narrow, so that one day does not look like a wall. */
    private static final double MAX_BAR_WIDTH = 24;

    /** Days, then weeks, then 30-day months: the first period that fits the history in {@link #MAX_BARS} bars. */
    private static final List<Period> PERIODS = List.of(new Period("day", 1), new Period("week", 7),
            new Period("month", 30), new Period("quarter", 91), new Period("year", 365));

    private record Period(String name, long days) {
    }

    /** The chart of daily counts in day order, or {@code null} when there is nothing to draw. */
    static Chart of(List<DayCount> days) {
        if (days.isEmpty()) {
            return null;
        }
        LocalDate first = LocalDate.parse(days.get(0).day());
        LocalDate last = LocalDate.parse(days.get(days.size() - 1).day());
        long span = ChronoUnit.DAYS.between(first, last) + 1;
        Period period = PERIODS.stream().filter(p -> span / p.days() < MAX_BARS).findFirst()
                .orElseGet(() -> { // centuries: times from a wrong clock, kept before times were checked
                    long length = (span + MAX_BARS - 1) / MAX_BARS;
                    return new Period(length + " days", length);
                });
        int buckets = (int) ((span + period.days() - 1) / period.days());
        long[] counts = new long[buckets];
        for (DayCount d : days) {
            counts[(int) (ChronoUnit.DAYS.between(first, LocalDate.parse(d.day())) / period.days())] += d.crashes();
        }
        long max = 0;
        for (long n : counts) {
            max = Math.max(max, n);
        }
        double step = (double) WIDTH / buckets;
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < buckets; i++) {
            double h = counts[i] * (double) HEIGHT / max;
            LocalDate start = first.plusDays(i * period.days());
            double w = Math.min(MAX_BAR_WIDTH, Math.max(1, step * 0.8));
            String when = period.days() == 1 ? start.toString() : period.name() + " from " + start;
            bars.add(new Bar(round(i * step), round(HEIGHT - h), round(w), round(h),
                    when + ": " + counts[i] + (counts[i] == 1 ? " crash" : " crashes")));
        }
        return new Chart(WIDTH, HEIGHT, bars, max, period.name(), first.toString(), last.toString());
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
