package org.koops.text;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.koops.model.AnnotatedLine;
import org.koops.model.Arch;
import org.koops.model.Cause;
import org.koops.model.Claim;
import org.koops.model.CrashReport;
import org.koops.model.Culprit;
import org.koops.model.Diagnosis;
import org.koops.model.Frame;
import org.koops.model.Kind;
import org.koops.model.LinePrefix;
import org.koops.model.LogLine;
import org.koops.model.NextStep;
import org.koops.model.ReportDetails;
import org.koops.model.Taint;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTextTest {
    private static final LogLine BEFORE = line(4, "sysrq: Trigger a crash");
    private static final LogLine HEADER = line(5, "Kernel panic - not syncing: sysrq triggered crash");
    private static final LogLine TASK = line(6, "CPU: 0 PID: 1 Comm: sh Tainted: G           O");

    private final StringWriter out = new StringWriter();

    @Test
    void summaryThenEachLineWithItsMeanings() {
        print(report(null), false);

        assertThat(out.toString()).isEqualTo("""
                == dmesg.txt: report #1, lines 5-6 ==
                kernel panic: sysrq triggered crash
                Cause:        deliberately triggered crash
                              Someone asked for a crash.
                              - The panic message names sysrq. (line 5)
                Culprit:      sysrq_handle_crash in module crashme
                              taint O: an out-of-tree module was loaded
                              (the first frame after panic)
                Context:      - Process sh (PID 1). (lines 5, 6)
                Next steps:   1. Look at the console.
                              2. Find the line.
                                 $ faddr2line crashme.ko sysrq_handle_crash+0x16
                
                     4  [ 12.000000] sysrq: Trigger a crash
                     5  [ 12.000000] Kernel panic - not syncing: sysrq triggered crash
                          - The kernel stopped on purpose.
                          - Nothing after it ran.
                     6  [ 12.000000] CPU: 0 PID: 1 Comm: sh Tainted: G           O
                
                """);
    }

    /** Only a report that faulted marks a faulting instruction: a checker's report marks where it was taken. */
    @Test
    void theMarkedInstructionIsFaultingOnlyInAFault() {
        assertThat(ReportText.marker(Kind.GENERAL_PROTECTION_FAULT)).isEqualTo("faulting instruction");
        assertThat(ReportText.marker(Kind.LOCKDEP)).isEqualTo("where the report was taken");
        assertThat(ReportText.marker(Kind.UBSAN)).isEqualTo("where the report was taken");
        assertThat(ReportText.marker(Kind.SOFT_LOCKUP)).isEqualTo("where the CPU was");
    }

    @Test
    void briefStopsAfterTheSummary() {
        print(report(null), true);

        assertThat(out.toString()).endsWith("faddr2line crashme.ko sysrq_handle_crash+0x16\n\n")
                .doesNotContain("sysrq: Trigger a crash");
    }

    @Test
    void aDuplicateIsOneLine() {
        print(report(0), false);

        assertThat(out.toString()).isEqualTo("== dmesg.txt: report #2, lines 5-6: same as report #1\n");
    }

    @Test
    void theDisplayTitleAndTheVictimAreShown() {
        CrashReport r = report(null);
        Frame helper = new Frame("rb_erase", 0x1d0L, 0x3a0L, null, null, null, true, null, 5, null);
        Culprit culprit = new Culprit("lab_timer_cancel", "crashme", List.of(), null, "the frame the rule names",
                new Culprit.Victim("rb_erase", helper, "list, tree or hash-table helper: the corrupted entry came from"
                        + " its caller", "timerqueue_del"));
        Diagnosis d = r.diagnosis();
        CrashReport shown = new CrashReport(0, "WARNING in corrupted", List.of(), "WARNING", Kind.WARNING, Arch.X86_64,
                true, "no usable stack frame in the report", 5, 6, 500, 699, r.lines(), List.of(), r.details(),
                new Diagnosis(d.cause(), d.summary(), d.evidence(), culprit, d.context(), d.callChain(), d.consequences(),
                        d.nextSteps(), null), r.annotated(), null,
                "WARNING in lab_timer_cancel [crashme] (no usable stack frame in the report)");

        print(shown, true);

        assertThat(out.toString()).contains("\nWARNING in lab_timer_cancel [crashme] (no usable stack frame in the report)\n")
                .doesNotContain("WARNING in corrupted")
                .contains("Culprit:      lab_timer_cancel in module crashme\n"
                        + "              it happened in rb_erase+0x1d0/0x3a0, called by timerqueue_del: list, tree or"
                        + " hash-table helper: the corrupted entry came from its caller\n");
    }

    private void print(CrashReport report, boolean brief) {
        PrintWriter writer = new PrintWriter(out);
        ReportText.create(ReportText.Highlighter.PLAIN, brief).print(writer, "dmesg.txt", report, 0);
        writer.flush();
    }

    private static LogLine line(long number, String text) {
        return new LogLine(number, number * 100, number * 100 + 99,
                new LinePrefix("[ 12.000000] ", 12.0, null, null, null, null), text);
    }

    private static CrashReport report(Integer duplicateOf) {
        Taint oot = new Taint('O', 12, "TAINT_OOT_MODULE", "an out-of-tree module was loaded");
        Diagnosis diagnosis = new Diagnosis(Cause.DELIBERATE_PANIC, "Someone asked for a crash.",
                List.of(Claim.of("The panic message names sysrq.", 5)),
                new Culprit("sysrq_handle_crash", "crashme", List.of(oot), null, "the first frame after panic"),
                List.of(Claim.of("Process sh (PID 1).", 5, 6)), List.of(), List.of(),
                List.of(new NextStep("Look at the console.", null),
                        new NextStep("Find the line.", "faddr2line crashme.ko sysrq_handle_crash+0x16")), null);
        ReportDetails details = new ReportDetails(HEADER.text(), null, null, null, null, List.of(), List.of(),
                List.of(), null, null, "sysrq triggered crash", null, null, List.of(), List.of());
        return new CrashReport(duplicateOf == null ? 0 : 1, "kernel panic: sysrq triggered crash", List.of(), "DoS",
                Kind.PANIC, Arch.X86_64, false, null, 5, 6, 500, 699, List.of(HEADER, TASK), List.of(BEFORE),
                details, diagnosis, List.of(
                        new AnnotatedLine(HEADER, List.of("The kernel stopped on purpose.", "Nothing after it ran.")),
                        new AnnotatedLine(TASK, List.of())),
                duplicateOf);
    }
}
