package org.koops.text;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.koops.model.AnnotatedLine;
import org.koops.model.Claim;
import org.koops.model.CrashReport;
import org.koops.model.Culprit;
import org.koops.model.Diagnosis;
import org.koops.model.Disassembly;
import org.koops.model.FaultingCode;
import org.koops.model.Instruction;
import org.koops.model.Kind;
import org.koops.model.LockCycle;
import org.koops.model.MemoryAccess;
import org.koops.model.NextStep;
import org.koops.model.Origin;
import org.koops.model.ReportedPlace;
import org.koops.model.Stall;
import org.koops.model.Taint;
import org.koops.model.Task;

/**
 * The text of {@code koops explain}: per report a summary block (cause, culprit, context,
 * consequences, next steps), then, unless brief, each line of the report with what it means.
 *
 * <p>The text is plain unless a {@link Highlighter} marks its parts; the command line colours them on a
 * terminal. Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * String text = ReportText.create(Highlighter.PLAIN, false).text(analysis.input(), report, 0);
 * }</pre>
 */
public final class ReportText {
    /** What a part of the text is, for a highlighter to mark. */
    public enum Emphasis {
        /** Titles, labels and the culprit function. */
        STRONG,
        /** Positions, line numbers and reasons: secondary. */
        FAINT,
        /** The cause. */
        ALERT,
        /** A damaged report. */
        WARNING,
        /** Commands to run and the meanings of lines. */
        COMMAND
    }

    /** Marks a part of the text, for example with ANSI colours. */
    @FunctionalInterface
    public interface Highlighter {
        /** Leaves the text as it is. */
        Highlighter PLAIN = (emphasis, text) -> text;

        String mark(Emphasis emphasis, String text);
    }

    private static final int LABEL_WIDTH = 14;
    /** How many functions of an allocation or free stack the summary shows; JSON has them all. */
    private static final int STACK_SHOWN = 4;

    private final Highlighter style;
    private final boolean brief;

    private ReportText(Highlighter style, boolean brief) {
        this.style = style;
        this.brief = brief;
    }

    /** @param brief the summary block only, without the annotated lines */
    public static ReportText create(Highlighter highlighter, boolean brief) {
        return new ReportText(highlighter, brief);
    }

    /** The text of one report; {@code copies} is how many later reports in the input are pasted copies of it. */
    public String text(String input, CrashReport r, long copies) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        print(out, input, r, copies);
        out.flush();
        return text.toString();
    }

    /** Prints the text of one report; {@code copies} as in {@link #text}. */
    public void print(PrintWriter out, String input, CrashReport r, long copies) {
        String where = "== " + input + ": report #" + (r.index() + 1) + ", lines " + r.startLine() + "-" + r.endLine();
        if (r.duplicateOf() != null) {
            out.println(faint(where + ": same as report #" + (r.duplicateOf() + 1)));
            return;
        }
        out.println(faint(where + " =="));
        out.println(strong(r.displayTitle()));
        if (r.corrupted()) {
            out.println(style.mark(Emphasis.WARNING, "(damaged report: " + r.corruptionReason() + ")"));
        }
        if (copies > 0) {
            out.println(faint("(this report appears " + (copies + 1) + " times in the input: the later copies are"
                    + " the same crash pasted again, not new crashes)"));
        }
        Diagnosis d = r.diagnosis();
        List<String> cause = new ArrayList<>(List.of(style.mark(Emphasis.ALERT, d.cause().description()), d.summary()));
        cause.addAll(claims(d.evidence()));
        section(out, "Cause", cause);
        if (d.memoryAccess() != null) {
            memoryAccess(out, d.memoryAccess());
        }
        if (d.lockCycle() != null) {
            lockCycle(out, d.lockCycle());
        }
        if (d.stall() != null) {
            stall(out, d.stall(), r.kind());
        }
        section(out, "Culprit", d.culprit() == null ? unknownCulprit(d.reported()) : culprit(d.culprit(), r.details().task()));
        if (d.faultingCode() != null) {
            String marked = marker(r.kind());
            section(out, "Code", brief ? faultingOnly(d.faultingCode().disassembly(), marked)
                    : code(d.faultingCode(), marked));
        }
        section(out, "Context", claims(d.context()));
        section(out, "Consequences", claims(d.consequences()));
        section(out, "Next steps", nextSteps(d.nextSteps()));
        if (!brief) {
            out.println();
            r.context().forEach(line -> out.println(faint(gutter(line.number()) + line.raw())));
            r.annotated().forEach(a -> annotated(out, a));
        }
        out.println();
    }

    /** The sanitizer's access, object and origins, a section each: what a developer reads first in such a report. */
    private void memoryAccess(PrintWriter out, MemoryAccess a) {
        List<String> access = new ArrayList<>();
        access.add((a.access() == null ? a.bug().startsWith("uninit") ? "use of an uninitialised value" : "bad access"
                : a.access()) + (a.size() == null ? "" : " of " + a.size() + " bytes")
                + (a.address() == null ? "" : String.format(" at 0x%x", a.address())) + (a.task() == null ? ""
                : " by task " + a.task()) + " (" + a.bug() + ")");
        section(out, "Access", access);
        if (a.cache() != null || a.objectSize() != null) {
            String where = a.offset() == null || a.relation() == null ? "" : a.offset() + " bytes " + switch (a.relation()) {
                case "inside" -> "inside";
                case "right" -> "past the end of";
                default -> "before the start of";
            } + " ";
            section(out, "Object", List.of(where + (a.objectSize() == null ? "the object" : "a " + a.objectSize() + "-byte object")
                    + (a.cache() == null ? "" : " of cache " + a.cache())
                    + (a.objectAddress() == null ? "" : String.format(" at 0x%x", a.objectAddress()))));
        }
        for (Origin o : a.origins()) {
            String label = Character.toUpperCase(o.what().charAt(0)) + o.what().substring(1);
            String who = o.pid() == null ? "" : "by task " + o.pid() + (o.what().equals("freed")
                    ? Boolean.TRUE.equals(a.freedByAccessingTask()) ? ", the task of the bad access"
                    : Boolean.FALSE.equals(a.freedByAccessingTask()) ? ", another task than the bad access's" : ""
                    : "") + ": ";
            // From the first function that is not allocator or sanitizer machinery: that is where it happened.
            List<String> from = o.caller() == null ? o.stack() : o.stack().subList(o.stack().indexOf(o.caller()), o.stack().size());
            List<String> shown = from.size() > STACK_SHOWN ? from.subList(0, STACK_SHOWN) : from;
            section(out, label, List.of(who + (from.isEmpty() ? "no stack kept" : String.join(" < ", shown)
                    + (from.size() > STACK_SHOWN ? " < ..." : "")) + faint(" (line " + o.line() + ")")));
        }
    }

    private void lockCycle(PrintWriter out, LockCycle c) {
        List<String> lines = new ArrayList<>();
        if (!c.cycle().isEmpty()) {
            lines.add(String.join(" → ", c.cycle()) + (c.deadlocked() ? "" : "  (a possible deadlock: nothing hangs yet)"));
        }
        if (c.acquiring() != null) {
            lines.add("new edge: " + (c.task() == null ? "" : c.task() + " ") + "takes " + c.acquiring()
                    + (c.acquiredAt() == null ? "" : " at " + c.acquiredAt())
                    + (c.holding() == null ? "" : " while holding " + c.holding() + (c.heldAt() == null ? "" : " (taken at "
                    + c.heldAt() + ")")));
        }
        for (LockCycle.Link l : c.chain()) {
            lines.add("#" + l.index() + " " + l.lock() + (l.takenAt() == null ? "" : " taken in " + l.takenAt())
                    + faint(" (line " + l.line() + ")"));
        }
        section(out, "Locks", lines);
    }

    private void stall(PrintWriter out, Stall s, Kind kind) {
        List<String> lines = new ArrayList<>();
        String who = (s.cpu() == null ? "" : "CPU " + s.cpu()) + (s.task() == null ? "" : (s.cpu() == null ? "" : ", ")
                + s.task() + (s.pid() == null ? "" : " (PID " + s.pid() + ")")) + (s.seconds() == null ? "" : ", " + s.seconds()
                + " s") + (Boolean.TRUE.equals(s.idleCpu()) ? ", the CPU idle" : "");
        if (!who.isEmpty()) {
            lines.add(who);
        }
        if (s.waitsOn() != null) {
            lines.add("waits on " + s.waitsOn() + (s.waitsIn() == null ? "" : (s.starvedKthread() ? "; the stalled CPU was in "
                    : " in ") + s.waitsIn()));
        } else if (s.waitsIn() != null) {
            lines.add((kind == Kind.HUNG_TASK ? "sleeps in " : "loops in ") + s.waitsIn());
        }
        if (s.sharedLock() != null) {
            lines.add(s.tasks().size() + " tasks hold or wait for " + s.sharedLock() + ": " + String.join(", ", s.tasks()));
        }
        section(out, "Stalled", lines);
    }

    /** Says that report {@code index} of {@code input} was followed by {@code copies} pasted copies of it. */
    public void printCopies(PrintWriter out, String input, int index, long copies) {
        out.println(faint("== " + input + ": report #" + (index + 1) + " appears " + (copies + 1) + " times in the"
                + " input: the later copies are the same crash pasted again, not new crashes"));
    }

    /** The label, then the first line beside it and the others aligned under that one. */
    private void section(PrintWriter out, String label, List<String> lines) {
        String indent = " ".repeat(LABEL_WIDTH);
        for (int i = 0; i < lines.size(); i++) {
            String head = i > 0 ? indent : strong(label + ":") + " ".repeat(LABEL_WIDTH - label.length() - 1);
            out.println(head + lines.get(i));
        }
    }

    /**
     * A decoded {@code Code:} line, one instruction a line as objdump prints them, the faulting one
     * marked with {@code *} and {@code <-- faulting instruction}; first a line naming the decoder, or
     * what prevented decoding.
     */
    public List<String> disassembly(Disassembly d) {
        return listing(d, "faulting instruction");
    }

    /** The user-space {@code Code:} line decoded, as {@link #disassembly}, the instruction where the process resumes marked. */
    public List<String> userSpace(Disassembly d) {
        return listing(d, "where the process resumes");
    }

    /** What the marked instruction of a report's kernel code is: the faulting one, or only where the CPU was found. */
    static String marker(Kind kind) {
        return switch (kind) {
            case SOFT_LOCKUP, HARD_LOCKUP, RCU_STALL, HUNG_TASK -> "where the CPU was";
            case WARNING, KERNEL_BUG, INVALID_OPCODE, REFCOUNT, LIST_CORRUPTION -> "the trap that reported it";
            // A checker's report is taken where the check ran, not at a fault: the instruction pointer only.
            case LOCKDEP, PREEMPTIBLE_CPU_ACCESS, ATOMIC_SLEEP, SCHEDULING_WHILE_ATOMIC, MEMORY_LEAK, OUT_OF_MEMORY, ALLOCATION_FAILURE,
                 BAD_PAGE_STATE, KCSAN, UBSAN, KMSAN -> "where the report was taken";
            default -> "faulting instruction";
        };
    }

    /** The kernel's code, then the user-space code, when the report prints it. */
    private List<String> code(FaultingCode code, String marked) {
        List<String> lines = new ArrayList<>(listing(code.disassembly(), marked));
        if (code.userSpace() != null) {
            lines.add(faint("user space:"));
            lines.addAll(userSpace(code.userSpace()));
        }
        return lines;
    }

    private List<String> listing(Disassembly d, String marked) {
        List<String> lines = new ArrayList<>();
        if (d.backend() == null) {
            lines.add(faint("(not decoded: " + d.problem() + ")"));
            return lines;
        }
        lines.add(faint("decoded by " + d.backend() + (d.line() > 0 ? " from line " + d.line() : "")
                + (d.skipped() == 0 ? "" : d.skipped() == 1
                ? ", the first byte skipped: it ends an instruction that starts before the line"
                : ", the first " + d.skipped() + " bytes skipped: they end an instruction that starts before the line")
                + (d.problem() == null ? "" : "; " + d.problem())));
        int width = d.instructions().stream().mapToInt(i -> i.hex().length()).max().orElse(0);
        for (int k = 0; k < d.instructions().size(); k++) {
            Instruction i = d.instructions().get(k);
            boolean faulting = k == d.faulting();
            String where = i.address() != null ? String.format("%x", i.address()) : String.format("%4x", i.offset());
            String line = String.format("%s %s:  %-" + width + "s  %s", faulting ? "*" : " ", where, i.hex(), i.text());
            lines.add(faulting ? style.mark(Emphasis.ALERT, line + "   <-- " + marked) : line);
        }
        return lines;
    }

    private List<String> faultingOnly(Disassembly d, String marked) {
        if (d.backend() == null) {
            return List.of(faint("(not decoded: " + d.problem() + ")"));
        }
        return d.faultingInstruction().map(i -> List.of(i.text() + faint(" (" + marked + ", line " + d.line() + ")")))
                .orElse(List.of(faint("(no faulting instruction: " + d.problem() + ")")));
    }

    /** The culprit; its module's taint letters are explained here unless Consequences explains the kernel's same ones. */
    /** Without a culprit, what the report still says of where it happened, if anything. */
    private List<String> unknownCulprit(ReportedPlace reported) {
        if (reported == null) {
            return List.of();
        }
        return List.of("not known: the report names " + strong(reported.frame().symbolic()) + faint(" (line "
                + reported.frame().line() + ")"), faint("(" + reported.says() + ")"));
    }

    private List<String> culprit(Culprit c, Task task) {
        List<String> lines = new ArrayList<>();
        String where = c.module() == null ? " in the kernel image" : " in module " + c.module();
        String kernel = task == null || !task.tainted() ? "" : task.taints().stream().filter(t -> t.bit() >= 0)
                .map(t -> String.valueOf(t.letter())).collect(Collectors.joining());
        boolean explained = !c.moduleTaints().isEmpty() && c.moduleTaints().stream()
                .allMatch(t -> kernel.indexOf(t.letter()) >= 0);
        lines.add(strong(c.function()) + where + (explained ? " (taint " + c.moduleTaints().stream()
                .map(t -> String.valueOf(t.letter())).collect(Collectors.joining()) + ", see Consequences)" : ""));
        for (Taint t : explained ? List.<Taint>of() : c.moduleTaints()) {
            lines.add("taint " + t.letter() + ": " + t.meaning());
        }
        Culprit.Victim v = c.victim();
        if (v != null) {
            lines.add("it happened in " + (v.frame() == null ? v.function() : v.frame().symbolic())
                    + (v.calledBy() == null ? "" : ", called by " + v.calledBy()) + ": " + v.reason());
        }
        if (c.reason() != null) {
            lines.add(faint("(" + c.reason() + ")"));
        }
        return lines;
    }

    private List<String> claims(List<Claim> claims) {
        return claims.stream().map(c -> "- " + c.statement() + faint(lineRefs(c.evidence()))).toList();
    }

    private static String lineRefs(List<Long> lines) {
        if (lines.isEmpty()) {
            return "";
        }
        String numbers = lines.stream().map(String::valueOf).collect(Collectors.joining(", "));
        return lines.size() == 1 ? " (line " + numbers + ")" : " (lines " + numbers + ")";
    }

    private static String gutter(long lineNumber) {
        return String.format("%6d  ", lineNumber);
    }

    private List<String> nextSteps(List<NextStep> steps) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            lines.add((i + 1) + ". " + steps.get(i).action());
            if (steps.get(i).command() != null) {
                lines.add("   " + style.mark(Emphasis.COMMAND, "$ " + steps.get(i).command()));
            }
        }
        return lines;
    }

    /** The line, with the earlier lines whose notes also explain it, then the notes said first here. */
    private void annotated(PrintWriter out, AnnotatedLine a) {
        String same = a.sameAs().isEmpty() ? "" : faint("   (as " + (a.sameAs().size() == 1 ? "line " : "lines ")
                + a.sameAs().stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")");
        out.println(faint(gutter(a.line().number())) + a.line().raw() + same);
        a.meanings().forEach(m -> out.println("          " + style.mark(Emphasis.COMMAND, "- " + m)));
    }

    private String strong(String s) {
        return style.mark(Emphasis.STRONG, s);
    }

    private String faint(String s) {
        return style.mark(Emphasis.FAINT, s);
    }
}
