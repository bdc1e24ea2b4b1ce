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
import org.koops.model.NextStep;
import org.koops.model.Taint;

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
        out.println(strong(r.title()));
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
        section(out, "Culprit", culprit(d.culprit()));
        if (d.faultingCode() != null) {
            section(out, "Code", brief ? faultingOnly(d.faultingCode().disassembly()) : code(d.faultingCode()));
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

    /** The kernel's code, then the user-space code, when the report prints it. */
    private List<String> code(FaultingCode code) {
        List<String> lines = new ArrayList<>(disassembly(code.disassembly()));
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

    private List<String> faultingOnly(Disassembly d) {
        if (d.backend() == null) {
            return List.of(faint("(not decoded: " + d.problem() + ")"));
        }
        return d.faultingInstruction().map(i -> List.of(i.text() + faint(" (faulting instruction, line " + d.line() + ")")))
                .orElse(List.of(faint("(no faulting instruction: " + d.problem() + ")")));
    }

    private List<String> culprit(Culprit c) {
        if (c == null) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        String where = c.module() == null ? " in the kernel image" : " in module " + c.module();
        lines.add(strong(c.function()) + where);
        for (Taint t : c.moduleTaints()) {
            lines.add("taint " + t.letter() + ": " + t.meaning());
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
