package org.koops.scan;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.koops.diagnose.Diagnoser;
import org.koops.explain.LineExplainer;
import org.koops.format.Titler;
import org.koops.model.Arch;
import org.koops.model.CrashReport;
import org.koops.model.Culprit;
import org.koops.model.Diagnosis;
import org.koops.model.Frame;
import org.koops.model.LinePrefix;
import org.koops.model.LogLine;
import org.koops.model.ReportDetails;
import org.koops.parse.ReportParser;

/** Turns collected report lines into a finished {@link CrashReport}: parse, title, diagnose (unless told not to); the line-by-line explanation is worked out when first read. */
final class ReportAssembler {
    /** Reports remembered to recognise pasted copies; bounded, so that a flood of reports cannot fill the heap. */
    private static final int MAX_SIGNATURES = 10_000;

    private final Map<String, Integer> firstBySignature = new HashMap<>();
    private final Diagnoser diagnoser = Diagnoser.forLog();
    private final boolean diagnose;
    /** Lines the scan may still read around reports for their architecture ({@link OpenReport#AROUND_BUDGET}). */
    final int[] aroundBudget = {OpenReport.AROUND_BUDGET};
    private int index;

    /** @param diagnose whether reports are diagnosed; if not, each gets {@link Diagnosis#NONE} */
    ReportAssembler(boolean diagnose) {
        this.diagnose = diagnose;
    }

    /**
     * @param procModule  a {@code /proc/modules} line printed after the report, or {@code null}
     * @param titleReadOn the lines of the report that followed, when the title is read on into them
     */
    CrashReport assemble(OpenReport open, LogLine procModule, List<LogLine> titleReadOn) {
        // From the header on: a message printed before it (open.lead) is the report's first lines, and to what reads
        // the report from its header, context.
        List<LogLine> body = List.copyOf(open.finish());
        List<LogLine> lines = open.lead.isEmpty() ? body : Stream.concat(open.lead.stream(), body.stream()).toList();
        List<LogLine> context = open.lead.isEmpty() ? open.context
                : Stream.concat(open.context.stream(), open.lead.stream()).toList();
        Arch arch = open.arch(titleReadOn, aroundBudget);
        ReportDetails details = ReportParser.parse(body, procModule, open.damage, arch);
        Titler.Titles titles = Titler.title(open.format, titleReadOn.isEmpty() ? body
                : Stream.concat(body.stream(), titleReadOn.stream()).toList());
        boolean corrupted = titles.corrupted() || open.cut();
        String reason = titles.corrupted() ? titles.reason() : open.cut() ? "the report was cut" : null;
        Diagnosis diagnosis = diagnose ? diagnoser.diagnose(open.format.kind(), arch, titles.title(), titles.place(), body,
                context, details)
                : Diagnosis.NONE;
        LogLine first = lines.get(0);
        LogLine last = lines.get(lines.size() - 1);
        int me = index++;
        String signature = signature(body.get(0), details);
        Integer duplicateOf = firstBySignature.size() < MAX_SIGNATURES
                ? firstBySignature.putIfAbsent(signature, me) : firstBySignature.get(signature);
        Culprit culprit = diagnosis.culprit();
        String place = culprit == null ? null : culprit.module() == null ? culprit.function()
                : culprit.function() + " [" + culprit.module() + "]";
        return new CrashReport(me, titles.title(), titles.alts(), titles.type(), open.format.kind(), arch, corrupted,
                reason, first.number(), last.number(), first.offset(), last.endOffset(), lines, open.context, details,
                diagnosis, new LazyList<>(() -> LineExplainer.explain(lines, details, arch, open.format.kind())), duplicateOf,
                Titler.displayTitle(titles, place));
    }

    /**
     * The same report pasted again repeats its header line word for word, its time stamp (since boot, else
     * the date a syslog or journal line shows) and its task; without a time stamp, the same reliable frames stand in for it. Another
     * occurrence of the same bug differs in one of them: the time, the task, or the header's own values
     * (how long a lockup has lasted, which process was killed).
     */
    private static String signature(LogLine header, ReportDetails details) {
        String task = details.task() == null || !details.task().named() ? "" : details.task().comm() + "/" + details.task().pid();
        LinePrefix p = header.prefix();
        String when = p.seconds() != null ? p.seconds().toString() : p.wallClock() != null ? p.wallClock()
                : details.frames().stream().filter(Frame::reliable).map(Frame::function).collect(Collectors.joining(","));
        return header.text().strip() + "|" + task + "|" + when;
    }
}
