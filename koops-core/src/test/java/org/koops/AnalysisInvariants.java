package org.koops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

import org.koops.model.CrashReport;
import org.koops.model.LogAnalysis;

/**
 * What every analysis keeps, whatever bytes it is given (syzkaller checks the same of its parser on
 * every input): only a one-line {@link IOException} for input that cannot be read (a damaged compressed
 * stream); every report inside the input, {@code start < end <= length}, its lines in order; analysing
 * again from the first report's start finds that report first, at offset 0, with the same title; memory
 * allocated and CPU time spent linear in the input's size.
 */
public final class AnalysisInvariants {
    /** Allocation allowed per byte of (decompressed) input, beyond {@link #ALLOCATION_BASE}. */
    private static final long ALLOCATION_PER_BYTE = 2_000;
    private static final long ALLOCATION_BASE = 256L << 20;
    /** CPU time allowed per byte of input, beyond {@link #CPU_BASE_NANOS}: far above any linear cost. */
    private static final long CPU_NANOS_PER_BYTE = 50_000;
    private static final long CPU_BASE_NANOS = 3_000_000_000L;
    /**
     * While fuzzing, Jazzer's coverage counters and its hooks on string comparisons run on every call koops
     * makes: the budgets are scaled. When replaying, only the hooks run (its regular-expression hooks are
     * disabled in the build, being far costlier than the analysis they watch), and the budgets hold as they are.
     */
    private static final long INSTRUMENTED = System.getenv("JAZZER_FUZZ") == null ? 1 : 100;
    /** Decompressed input beyond this is not compared again from a report's start (a bomb read in full twice). */
    private static final int REANALYSE_UP_TO = 16 << 20;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /**
     * Loading and initialising koops's classes (the format table, its patterns) allocates on the thread that
     * first analyses: done once here, so that the budget measures the analysis alone.
     */
    private static final String WARM_UP = """
            [   1.000000] BUG: kernel NULL pointer dereference, address: 0000000000000010
            [   1.000001] Oops: 0000 [#1] PREEMPT SMP NOPTI
            [   1.000002] CPU: 0 PID: 1 Comm: cat Not tainted 6.1.0-27-amd64 #1
            [   1.000003] RIP: 0010:demo_show+0x15/0x40 [koops_demo]
            [   1.000004] Call Trace:
            [   1.000005]  <TASK>
            [   1.000006]  seq_read_iter+0x11f/0x440
            [   1.000007]  </TASK>
            """;

    private AnalysisInvariants() {
    }

    /** Loads what every analysis uses before the first one is measured. */
    public static void warmUp(Koops koops) {
        koops.analyze("warm-up", WARM_UP);
    }

    /** Analyses {@code input} with {@code koops}, checks the invariants, and returns the analysis ({@code null} if unreadable). */
    public static LogAnalysis analyze(Koops koops, byte[] input) {
        long allocated = THREADS.getCurrentThreadAllocatedBytes();
        long cpu = THREADS.getCurrentThreadCpuTime();
        LogAnalysis analysis;
        try {
            analysis = koops.analyze("fuzz", new ByteArrayInputStream(input));
        } catch (IOException e) {
            assertThat(e.getMessage()).as("an I/O error is one line").isNotBlank().doesNotContain("\n");
            return null;
        }
        long size = Math.max(input.length, analysis.bytes());
        assertThat(THREADS.getCurrentThreadAllocatedBytes() - allocated).as("bytes allocated for %d bytes of input", size)
                .isLessThanOrEqualTo(INSTRUMENTED * (ALLOCATION_BASE + ALLOCATION_PER_BYTE * size));
        assertThat(THREADS.getCurrentThreadCpuTime() - cpu).as("CPU nanoseconds for %d bytes of input", size)
                .isLessThanOrEqualTo(INSTRUMENTED * (CPU_BASE_NANOS + CPU_NANOS_PER_BYTE * size));
        for (CrashReport r : analysis.reports()) {
            assertThat(r.startOffset()).as("start of %s", r.title()).isGreaterThanOrEqualTo(0).isLessThan(r.endOffset());
            assertThat(r.endOffset()).as("end of %s", r.title()).isLessThanOrEqualTo(analysis.bytes());
            assertThat(r.startLine()).isGreaterThanOrEqualTo(1).isLessThanOrEqualTo(r.endLine());
            assertThat(r.endLine()).isLessThanOrEqualTo(analysis.lines());
            assertThat(r.title()).isNotBlank();
            assertThat(r.lines()).isNotEmpty();
        }
        if (!analysis.reports().isEmpty() && analysis.bytes() <= REANALYSE_UP_TO) {
            sameFromItsStart(koops, input, analysis.reports().get(0));
        }
        return analysis;
    }

    private static void sameFromItsStart(Koops koops, byte[] input, CrashReport first) {
        byte[] text = decompressed(input);
        byte[] rest = Arrays.copyOfRange(text, (int) first.startOffset(), text.length);
        LogAnalysis again;
        try {
            again = koops.analyze("fuzz", new ByteArrayInputStream(rest));
        } catch (IOException e) {
            throw new AssertionError("text read once could not be read again: " + e.getMessage(), e);
        }
        assertThat(again.reports()).as("reports found again from the first one's start").isNotEmpty();
        CrashReport found = again.reports().get(0);
        // A message printed before the report's first line is the report's only after what comes before it (cut here).
        assertThat(first.lines()).as("where the report is found again: at one of its lines")
                .extracting(l -> l.offset() - first.startOffset()).contains(found.startOffset());
        assertThat(found.title()).as("the title found again from the report's start").isEqualTo(first.title());
    }

    private static byte[] decompressed(byte[] input) {
        try (InputStream in = LogInputs.decompress(new ByteArrayInputStream(input))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError("read once, the input could not be read again: " + e.getMessage(), e);
        }
    }
}
