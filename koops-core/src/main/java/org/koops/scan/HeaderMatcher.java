package org.koops.scan;

import java.util.List;

import org.koops.format.ReportFormat;
import org.koops.format.ReportFormats;
import org.koops.log.RawLine;

/** Finds the format whose header a line is: the keyword filter first, then the format table. */
final class HeaderMatcher {
    private final KeywordFilter filter;

    private HeaderMatcher(List<String> literals) {
        this.filter = new KeywordFilter(literals);
    }

    static HeaderMatcher standard() {
        return new HeaderMatcher(ReportFormats.groups().stream().flatMap(g -> g.literals().stream()).toList());
    }

    boolean mightStart(RawLine raw) {
        return filter.matches(raw.buffer(), raw.start(), raw.end());
    }

    /** The row a report starting with this message is read as, or {@code null}. */
    ReportFormat match(String text) {
        return ReportFormats.header(text);
    }
}
