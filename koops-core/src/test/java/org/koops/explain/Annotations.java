package org.koops.explain;

import java.util.ArrayList;
import java.util.List;

import org.koops.Koops;
import org.koops.log.PrefixParser;
import org.koops.model.AnnotatedLine;
import org.koops.model.Arch;
import org.koops.model.CrashReport;
import org.koops.model.LogLine;
import org.koops.parse.ReportParser;

/** Runs test logs through koops and finds the meanings of single lines. */
final class Annotations {
    private final List<AnnotatedLine> lines;

    private Annotations(List<AnnotatedLine> lines) {
        this.lines = lines;
    }

    /** The first report of a log, through the whole pipeline. */
    static Annotations of(String log) {
        CrashReport report = Koops.create().analyze("test", log).reports().get(0);
        return new Annotations(report.annotated());
    }

    /** Lines the pipeline might split into several reports, parsed and explained as one report. */
    static Annotations parsed(String log, Arch arch) {
        List<LogLine> lines = new ArrayList<>();
        String[] raw = log.split("\n");
        for (int i = 0; i < raw.length; i++) {
            lines.add(PrefixParser.parse(i + 1, 0, 0, raw[i]));
        }
        return new Annotations(LineExplainer.explain(lines, ReportParser.parse(lines, null, List.of()), arch, null));
    }

    List<AnnotatedLine> all() {
        return lines;
    }

    /** The meanings of the first line whose message, without leading blanks, starts with {@code start}, joined. */
    String meaning(String start) {
        return line(start).meanings().stream().reduce((a, b) -> a + "\n" + b).orElse("");
    }

    AnnotatedLine line(String start) {
        return lines.stream().filter(l -> l.line().text().stripLeading().startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starts with " + start));
    }
}
