package org.koops.explain;

import java.util.List;

import org.koops.model.AnnotatedLine;
import org.koops.model.Arch;
import org.koops.model.LogLine;
import org.koops.model.ReportDetails;

/**
 * Says what every line of a report means, the way a kernel engineer reads one aloud: each line is
 * matched against a table of line rules ({@link RuleBook}) and read against facts of the whole
 * report (fault address, call trace, modules). A line no rule explains gets no meaning; nothing is
 * guessed.
 */
public final class LineExplainer {
    private LineExplainer() {
    }

    /**
     * @param lines   the report's lines, in order
     * @param details what the parser read from them
     * @param arch    the architecture that printed them
     * @return one annotated line per input line, in the same order
     */
    public static List<AnnotatedLine> explain(List<LogLine> lines, ReportDetails details, Arch arch) {
        ReportContext report = ReportContext.of(lines, details, arch);
        return lines.stream()
                .map(l -> new AnnotatedLine(l, RuleBook.meanings(new LineContext(l, l.text().stripLeading(), report))))
                .toList();
    }
}
