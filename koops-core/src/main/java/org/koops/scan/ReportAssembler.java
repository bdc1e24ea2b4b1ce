package org.koops.scan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.koops.model.Register;
import org.koops.model.RegisterDump;
import org.koops.model.ReportDetails;
import org.koops.parse.ReportParser;

/** Turns collected report lines into a finished {@link CrashReport}: parse, title, diagnose (unless told not to); the line-by-line explanation is worked out when first read. */
final class ReportAssembler {
    /** Reports remembered to recognise pasted copies; bounded, so that a flood of reports cannot fill the heap. */
    private static final int MAX_SIGNATURES = 10_000;
    /** Reports remembered with one header, time and count: a copy is compared with each of them. */
    private static final int MAX_SAME_HEADER = 100;

    /**
     * Values a report prints in its body that tell one occurrence of it from another, with the reason: the header
     * alone does not show them. {@code literal} is a part of every line the pattern finds, looked for first.
     */
    private record Occurrence(Pattern line, String literal, String reason) {
    }

    private static final List<Occurrence> OCCURRENCES = List.of(
            new Occurrence(Pattern.compile("\\bt=(\\d++) jiffies"), " jiffies",
                    "an RCU stall prints how long the grace period has waited on a line of its own after its header"));

    /** The reports seen by what they share when pasted again, with what a pasted copy may lack; bounded in all. */
    private final Map<String, List<Seen>> seenBySignature = new HashMap<>();
    private int seen;
    /** Diagnoses the reports, or {@code null} when they are not diagnosed. */
    private final Diagnoser diagnoser;
    /** Lines the scan may still read around reports for their architecture ({@link OpenReport#AROUND_BUDGET}). */
    final int[] aroundBudget = {OpenReport.AROUND_BUDGET};
    private int index;

    /** @param diagnoser diagnoses the reports of the log, or {@code null}: then each gets {@link Diagnosis#NONE} */
    ReportAssembler(Diagnoser diagnoser) {
        this.diagnoser = diagnoser;
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
        Diagnosis diagnosis = diagnoser != null ? diagnoser.diagnose(open.format.kind(), arch, titles.title(), titles.place(), body,
                context, details)
                : Diagnosis.NONE;
        LogLine first = lines.get(0);
        LogLine last = lines.get(lines.size() - 1);
        int me = index++;
        Integer duplicateOf = duplicateOf(me, body, details);
        return new CrashReport(me, titles.title(), titles.alts(), titles.type(), open.format.kind(), arch, corrupted,
                reason, first.number(), last.number(), first.offset(), last.endOffset(), lines, open.context, details,
                diagnosis, new LazyList<>(() -> LineExplainer.explain(lines, details, arch, open.format.kind())), duplicateOf,
                Titler.displayTitle(titles, place(diagnosis.culprit(), details)));
    }

    /**
     * Where the report happened, for the title a person reads: the culprit; without one (the faulting instruction
     * in code the culprit passes over, such as entry code), the instruction pointer's function.
     */
    private static String place(Culprit culprit, ReportDetails details) {
        if (culprit != null) {
            return named(culprit.function(), culprit.module());
        }
        return details.kernelRegisters().flatMap(RegisterDump::instructionPointer).map(Register::symbol)
                .filter(f -> f.function() != null).map(f -> named(f.function(), f.module())).orElse(null);
    }

    private static String named(String function, String module) {
        return module == null ? function : function + " [" + module + "]";
    }

    /**
     * The same report pasted again repeats its header line word for word, its time stamp (since boot, else
     * the date a syslog or journal line shows), its oops count and the values its body prints of this occurrence
     * ({@link #OCCURRENCES}); its task and, without a time stamp, its reliable frames agree with the earlier copy's
     * as far as both print them: a copy cut short (the header alone, pasted again) lacks them. Another occurrence of
     * the same bug differs in one of them: the time, the task, the oops count, the header's own values (how long a
     * lockup has lasted, which process was killed) or the body's.
     */
    private Integer duplicateOf(int me, List<LogLine> body, ReportDetails details) {
        LogLine header = body.get(0);
        LinePrefix p = header.prefix();
        String when = p.seconds() != null ? p.seconds().toString() : p.wallClock() != null ? p.wallClock() : "";
        StringBuilder key = new StringBuilder(header.text().strip()).append('|').append(when).append('|')
                .append(details.oops() == null ? "" : details.oops().count());
        for (Occurrence o : OCCURRENCES) {
            for (LogLine l : body) {
                Matcher m = l.text().contains(o.literal()) ? o.line().matcher(l.text()) : null;
                if (m != null && m.find()) {
                    key.append('|').append(m.group(1));
                    break;
                }
            }
        }
        String task = details.task() == null || !details.task().named() ? null : details.task().comm() + "/" + details.task().pid();
        List<String> frames = when.isEmpty()
                ? details.frames().stream().filter(Frame::reliable).map(Frame::function).toList() : List.of();
        Seen mine = new Seen(me, task, frames);
        List<Seen> earlier = seenBySignature.get(key.toString());
        if (earlier != null) {
            for (Seen s : earlier) {
                if (s.sameAs(mine)) {
                    return s.index();
                }
            }
        }
        List<Seen> same = seenBySignature.computeIfAbsent(key.toString(), k -> new ArrayList<>());
        // A flood of one header with ever other tasks or stacks must not cost a comparison with each one before it.
        if (seen < MAX_SIGNATURES && same.size() < MAX_SAME_HEADER) {
            seen++;
            same.add(mine);
        }
        return null;
    }

    /** A report as a pasted copy of it is recognised: its index, its task (or {@code null}) and its reliable frames. */
    private record Seen(int index, String task, List<String> frames) {
        /** Whether the two agree in all that both print: a copy cut short has fewer frames, or none, or no task. */
        boolean sameAs(Seen other) {
            boolean tasks = task == null || other.task == null || task.equals(other.task);
            List<String> shorter = frames.size() <= other.frames.size() ? frames : other.frames;
            List<String> longer = shorter == frames ? other.frames : frames;
            return tasks && longer.subList(0, shorter.size()).equals(shorter);
        }
    }
}
