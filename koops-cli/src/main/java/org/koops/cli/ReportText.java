package org.koops.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.koops.model.AnnotatedLine;
import org.koops.model.Claim;
import org.koops.model.CrashReport;
import org.koops.model.Culprit;
import org.koops.model.Diagnosis;
import org.koops.model.NextStep;
import org.koops.model.Taint;

/** The text of {@code koops explain}: a summary block per report, then its lines with what they mean. */
final class ReportText {
    private static final int LABEL_WIDTH = 14;

    private final PrintWriter out;
    private final Style style;
    private final boolean brief;

    ReportText(PrintWriter out, Style style, boolean brief) {
        this.out = out;
        this.style = style;
        this.brief = brief;
    }

    /** Prints a report; {@code copies} is how many later reports in the input are pasted copies of it. */
    void print(String input, CrashReport r, long copies) {
        String where = "== " + input + ": report #" + (r.index() + 1) + ", lines " + r.startLine() + "-" + r.endLine();
        if (r.duplicateOf() != null) {
            out.println(style.dim(where + ": same as report #" + (r.duplicateOf() + 1)));
            return;
        }
        out.println(style.dim(where + " =="));
        out.println(style.bold(r.title()));
        if (r.corrupted()) {
            out.println(style.yellow("(damaged report: " + r.corruptionReason() + ")"));
        }
        if (copies > 0) {
            out.println(style.dim("(this report appears " + (copies + 1) + " times in the input: the later copies are"
                    + " the same crash pasted again, not new crashes)"));
        }
        Diagnosis d = r.diagnosis();
        List<String> cause = new ArrayList<>(List.of(style.red(d.cause().description()), d.summary()));
        cause.addAll(claims(d.evidence()));
        section("Cause", cause);
        section("Culprit", culprit(d.culprit()));
        section("Context", claims(d.context()));
        section("Consequences", claims(d.consequences()));
        section("Next steps", nextSteps(d.nextSteps()));
        if (!brief) {
            out.println();
            r.context().forEach(line -> out.println(style.dim(gutter(line.number()) + line.raw())));
            r.annotated().forEach(this::annotated);
        }
        out.println();
    }

    /** The label, then the first line beside it and the others aligned under that one. */
    private void section(String label, List<String> lines) {
        String indent = " ".repeat(LABEL_WIDTH);
        for (int i = 0; i < lines.size(); i++) {
            String head = i > 0 ? indent : style.bold(label + ":") + " ".repeat(LABEL_WIDTH - label.length() - 1);
            out.println(head + lines.get(i));
        }
    }

    private List<String> culprit(Culprit c) {
        if (c == null) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        String where = c.module() == null ? " in the kernel image" : " in module " + c.module();
        lines.add(style.bold(c.function()) + where);
        for (Taint t : c.moduleTaints()) {
            lines.add("taint " + t.letter() + ": " + t.meaning());
        }
        if (c.reason() != null) {
            lines.add(style.dim("(" + c.reason() + ")"));
        }
        return lines;
    }

    private List<String> claims(List<Claim> claims) {
        return claims.stream().map(c -> "- " + c.statement() + style.dim(lineRefs(c.evidence()))).toList();
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
                lines.add("   " + style.cyan("$ " + steps.get(i).command()));
            }
        }
        return lines;
    }

    private void annotated(AnnotatedLine a) {
        out.println(style.dim(gutter(a.line().number())) + a.line().raw());
        a.meanings().forEach(m -> out.println("          " + style.cyan("- " + m)));
    }
}
