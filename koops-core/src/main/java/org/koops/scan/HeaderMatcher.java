package org.koops.scan;

import java.util.List;

import org.koops.format.ReportFormat;
import org.koops.format.ReportFormats;
import org.koops.log.RawLine;

/** Finds the format whose header a line is: the keyword filter first, then the patterns in table order. */
final class HeaderMatcher {
    private final List<ReportFormat> formats;
    private final KeywordFilter filter;

    private HeaderMatcher(List<ReportFormat> formats) {
        this.formats = formats;
        this.filter = new KeywordFilter(formats.stream().map(ReportFormat::literal).toList());
    }

    static HeaderMatcher standard() {
        return new HeaderMatcher(ReportFormats.all());
    }

    boolean mightStart(RawLine raw) {
        return filter.matches(raw.buffer(), raw.start(), raw.end());
    }

    /** The first format whose header matches the message, or {@code null}. */
    ReportFormat match(String text) {
        String message = text.stripLeading();
        for (ReportFormat f : formats) {
            if (message.contains(f.literal()) && f.header().matcher(message).lookingAt()) {
                return f;
            }
        }
        return null;
    }
}
