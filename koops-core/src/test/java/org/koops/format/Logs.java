package org.koops.format;

import java.util.ArrayList;
import java.util.List;

import org.koops.log.PrefixParser;
import org.koops.model.LogLine;

/** Test logs as report lines, and titles made of them. */
final class Logs {
    private Logs() {
    }

    static List<LogLine> lines(String text) {
        List<LogLine> lines = new ArrayList<>();
        String[] raw = text.split("\n");
        for (int i = 0; i < raw.length; i++) {
            lines.add(PrefixParser.parse(i + 1, 0, 0, raw[i]));
        }
        return lines;
    }

    /** The titles of a report made of all the lines, opened with the row its first line selects. */
    static Titler.Titles title(String report) {
        List<LogLine> lines = lines(report);
        return Titler.title(ReportFormats.header(lines.get(0).text()), lines);
    }
}
