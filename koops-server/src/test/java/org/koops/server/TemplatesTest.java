package org.koops.server;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How pages write values, and what they never write out. */
class TemplatesTest {
    /** A pager that must not be turned into text: its record's text is what a bug page's took so long to make. */
    record Pager(String prev, String next, int page, int pages, boolean morePages, long total) {
        @Override
        public String toString() {
            throw new AssertionError("a section's record was turned into text");
        }
    }

    @Test
    void aSectionOverARecordDoesNotTurnItIntoText() {
        String html = new Templates().render("pager", Map.of("pager", new Pager(null, "/bugs?page=3", 2, 5, false, 240)));

        assertThat(html.strip()).isEqualTo("<nav class=\"pager\"><span>page 2 of 5</span> <a href=\"/bugs?page&#x3D;3\""
                + " rel=\"next\">Next</a></nav>");
    }

    /** A list counted only up to a point says that its pages are more than those counted. */
    @Test
    void aListCountedUpToAPointHasMorePagesThanItCounted() {
        String html = new Templates().render("pager", Map.of("pager", new Pager(null, "/bugs?page=21", 20, 20, true,
                1000)));

        assertThat(html.strip()).isEqualTo("<nav class=\"pager\"><span>page 20 of more than 20</span> <a"
                + " href=\"/bugs?page&#x3D;21\" rel=\"next\">Next</a></nav>");
    }

    @Test
    void instantsAreWrittenInUtcToTheSecond() {
        assertThat(Templates.format(Instant.parse("2024-05-01T10:00:07.5Z"))).hasToString("2024-05-01 10:00:07 UTC");
        assertThat(Templates.format("text")).hasToString("text");
    }

    @Test
    void valuesAreEscapedAsJMustachesHtmlEscaperDoes() {
        for (String raw : java.util.List.of("", "plain", "<script>alert('x')</script>", "a=\"b\" & `c`", "&amp;",
                "x > y < z", "ünïcode ≠ ascii", "tail&")) {
            assertThat(Templates.escape(raw)).as(raw).isEqualTo(com.samskivert.mustache.Escapers.HTML.escape(raw));
        }
    }

    @Test
    void instantsOfAnyYearAreWrittenAsTheFormatterWritesThem() {
        java.time.format.DateTimeFormatter formatter = java.time.format.DateTimeFormatter
                .ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(java.time.ZoneOffset.UTC);
        for (String t : java.util.List.of("1970-01-01T00:00:00Z", "2024-12-31T23:59:59.999Z", "0999-03-04T05:06:07Z",
                "1000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "-0001-06-01T12:00:00Z")) {
            Instant instant = Instant.parse(t);
            assertThat(Templates.time(instant)).as(t).isEqualTo(formatter.format(instant));
        }
    }
}
