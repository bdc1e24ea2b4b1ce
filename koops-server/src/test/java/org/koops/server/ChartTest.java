package org.koops.server;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.koops.server.Views.DayCount;

import static org.assertj.core.api.Assertions.assertThat;

/** The bug page's chart: days, weeks, months, and whatever a wrong clock once wrote. */
class ChartTest {
    @Test
    void aFewDaysAreDaysAndAYearIsWeeks() {
        Chart days = Chart.of(List.of(new DayCount("2024-05-01", 2), new DayCount("2024-05-03", 1)));
        assertThat(days.unit()).isEqualTo("day");
        assertThat(days.bars()).hasSize(3);
        assertThat(days.bars().get(0).label()).isEqualTo("2024-05-01: 2 crashes");

        Chart weeks = Chart.of(List.of(new DayCount("2024-01-01", 1), new DayCount("2024-12-31", 1)));
        assertThat(weeks.unit()).isEqualTo("week");
        assertThat(weeks.bars()).hasSizeLessThanOrEqualTo(120);
    }

    @Test
    void timesFromTheFarFutureOrPastStillMakeAChart() {
        Chart chart = Chart.of(List.of(new DayCount("0001-01-01", 1), new DayCount("2024-05-01", 3),
                new DayCount("+999999999-12-31", 1)));

        assertThat(chart.bars()).hasSizeBetween(1, 120);
        assertThat(chart.max()).isEqualTo(4); // year 1 and 2024 share a bar of billions of days
        assertThat(chart.to()).isEqualTo("+999999999-12-31");
    }
}
