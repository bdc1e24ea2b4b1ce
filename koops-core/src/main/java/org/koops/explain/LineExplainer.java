package org.koops.explain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.koops.model.AnnotatedLine;
import org.koops.model.Arch;
import org.koops.model.Kind;
import org.koops.model.LogLine;
import org.koops.model.ReportDetails;

/**
 * Says what every line of a report means, the way a kernel engineer reads one aloud: each line is
 * matched against a table of line rules ({@link RuleBook}) and read against facts of the whole
 * report (fault address, call trace, modules). A line no rule explains gets no meaning; nothing is
 * guessed. Each note is said once per report, on the first line it applies to; a later line it
 * applies to again refers to that line ({@link AnnotatedLine#sameAs()}).
 */
public final class LineExplainer {
    private LineExplainer() {
    }

    /**
     * @param lines   the report's lines, in order
     * @param details what the parser read from them
     * @param arch    the architecture that printed them
     * @param kind    the kind of report, or {@code null} when not known
     * @return one annotated line per input line, in the same order
     */
    public static List<AnnotatedLine> explain(List<LogLine> lines, ReportDetails details, Arch arch, Kind kind) {
        ReportContext report = ReportContext.of(lines, details, arch, kind);
        Map<String, Long> said = new HashMap<>();
        List<AnnotatedLine> out = new ArrayList<>(lines.size());
        for (LogLine l : lines) {
            List<String> fresh = new ArrayList<>();
            Set<Long> earlier = new LinkedHashSet<>();
            for (String meaning : RuleBook.meanings(new LineContext(l, l.text().stripLeading(), report))) {
                Long first = said.putIfAbsent(meaning, l.number());
                if (first == null) {
                    fresh.add(meaning);
                } else if (first != l.number()) {
                    earlier.add(first);
                }
            }
            out.add(new AnnotatedLine(l, List.copyOf(fresh), List.copyOf(earlier)));
        }
        return List.copyOf(out);
    }
}
