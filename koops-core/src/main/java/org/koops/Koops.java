package org.koops;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import org.koops.model.CrashReport;
import org.koops.model.LogAnalysis;

/**
 * The entry point of the koops library: finds, parses, titles, diagnoses and explains every crash
 * report in a kernel log.
 *
 * <pre>{@code
 * LogAnalysis analysis = Koops.create().analyze(Path.of("dmesg.txt"));
 * for (CrashReport r : analysis.reports()) System.out.println(r.title());
 * }</pre>
 *
 * <p>Callers that need only what the reports say (frames, registers, task, lines) and not what koops
 * concludes from them use {@code Koops.create().withoutDiagnosis()}, which skips the diagnosis; callers
 * that file reports by what koops concludes and show none of its explanation use
 * {@link #withDiagnosisFactsOnly()}. Of these two, the one called last decides.
 *
 * <p>Inputs are streamed: memory does not grow with the size of the log, only with the size of the
 * reports in it. Compressed inputs (gzip, xz, zstd) are recognised by their magic bytes. Malformed
 * input never throws; damaged reports are marked {@code corrupted}. Only unreadable input (a missing
 * file, an I/O error) raises an {@link IOException} with a one-line message.
 */
public final class Koops {
    private final CodeDisassembler disassembler;
    private final Diagnosing diagnosing;

    /** How far an analysis goes past finding, parsing and titling the reports. */
    private enum Diagnosing {
        /** No diagnosis. */
        NONE,
        /** The diagnosis's facts without what explains them. */
        FACTS,
        /** The diagnosis with its summary, claims, consequences and next steps. */
        EXPLAINED
    }

    private Koops(CodeDisassembler disassembler, Diagnosing diagnosing) {
        this.disassembler = disassembler;
        this.diagnosing = diagnosing;
    }

    /**
     * The analysis with every report's {@code Code:} bytes decoded by the {@link CodeDisassembler} on the
     * class path (the koops-disasm module provides one: Capstone, else GNU objdump); without one, each
     * decoded code says that none is there.
     */
    public static Koops create() {
        // Looked up on the first Code: line, so that create().withoutDisassembler() never searches the class path.
        return new Koops((arch, code, address) -> ClassPathDisassembler.INSTANCE.disassemble(arch, code, address),
                Diagnosing.EXPLAINED);
    }

    /**
     * Builds what every analysis shares, the report format table and the scanner's matchers, now rather
     * than in the first analysis: tens of milliseconds on a cold JVM. A program with other start-up work
     * to do can call it in another thread first, so that the two overlap.
     */
    public static void prepare() {
        try {
            MethodHandles.lookup().ensureInitialized(org.koops.scan.ReportPipeline.class);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * This analysis with every report's {@code Code:} bytes decoded by {@code disassembler}: the
     * diagnosis then carries the faulting instruction and the register that held the bad pointer
     * ({@link org.koops.model.Diagnosis#faultingCode()}).
     */
    public Koops withDisassembler(CodeDisassembler disassembler) {
        return new Koops(java.util.Objects.requireNonNull(disassembler), diagnosing);
    }

    /**
     * This analysis without decoding {@code Code:} bytes: for work that needs no diagnosis of the code
     * (titles, filing), where a disassembler would only cost time.
     */
    public Koops withoutDisassembler() {
        return new Koops(null, diagnosing);
    }

    /**
     * This analysis finding, parsing and titling reports without diagnosing them: for callers that
     * need only what the reports say (frames, registers, task, lines), such as symbolising their call
     * traces, where the diagnosis would only cost time. Each report's {@link CrashReport#diagnosis()}
     * is then {@link org.koops.model.Diagnosis#NONE}, and {@code Code:} bytes are not decoded, as only
     * the diagnosis uses them. Titles, report boundaries and the line-by-line explanation are unchanged.
     */
    public Koops withoutDiagnosis() {
        return new Koops(disassembler, Diagnosing.NONE);
    }

    /**
     * This analysis with each report's diagnosis reduced to its facts: the cause, the culprit, the place the report
     * names ({@link org.koops.model.Diagnosis#reported()}), the guilty file and
     * what a report of a kind with facts of its own says ({@link org.koops.model.Diagnosis#memoryAccess()},
     * {@code lockCycle}, {@code stall}), without what explains them: the summary says that it was left out, and
     * the evidence, context, call chain, consequences and next steps are empty. {@code Code:} bytes are not
     * decoded, as {@link #withoutDisassembler()}. For work that files reports by those facts, such as a server
     * grouping crashes into bugs, where the explanation would only cost time. Titles, report boundaries and the
     * line-by-line explanation are unchanged.
     */
    public Koops withDiagnosisFactsOnly() {
        return new Koops(null, Diagnosing.FACTS);
    }

    /**
     * {@code report}, found by an analysis {@link #withoutDisassembler()}, with its {@code Code:} lines
     * decoded as this analysis decodes them: for one report picked from many, where decoding them all
     * would only cost time.
     */
    public CrashReport decodeCode(CrashReport report) {
        return disassembler == null || diagnosing != Diagnosing.EXPLAINED || report.diagnosis().faultingCode() != null
                ? report
                : org.koops.diagnose.CodeCorrelation.annotate(report, disassembler);
    }

    /** Analyses a file, decompressing it if needed. */
    public LogAnalysis analyze(Path file) throws IOException {
        try (InputStream in = LogInputs.open(file)) {
            return analyze(file.toString(), in);
        }
    }

    /** Analyses a stream; {@code name} is only used to label the result. The stream is not closed. */
    public LogAnalysis analyze(String name, InputStream in) throws IOException {
        List<CrashReport> reports = new ArrayList<>();
        ScanStats stats = scan(in, reports::add, bytes -> { });
        return new LogAnalysis(name, List.copyOf(reports), stats.lines(), stats.bytes(), stats.truncated());
    }

    /** Analyses text already in memory. */
    public LogAnalysis analyze(String name, String text) {
        try {
            return analyze(name, new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Streams an input, handing each report to {@code sink} as soon as it is complete, and the count
     * of bytes read so far to {@code progress} from time to time. Compressed streams are decompressed;
     * one that is cut short is read as far as it goes, and {@link ScanStats#truncated()} says so.
     */
    public ScanStats scan(InputStream in, Consumer<CrashReport> sink, LongConsumer progress) throws IOException {
        Consumer<CrashReport> out = disassembler == null || diagnosing != Diagnosing.EXPLAINED ? sink
                : r -> sink.accept(org.koops.diagnose.CodeCorrelation.annotate(r, disassembler));
        InputStream data = LogInputs.decompress(in);
        org.koops.diagnose.Diagnoser diagnoser = switch (diagnosing) {
            case NONE -> null;
            case FACTS -> org.koops.diagnose.Diagnoser.forLogFactsOnly();
            case EXPLAINED -> org.koops.diagnose.Diagnoser.forLog();
        };
        ScanStats stats = new org.koops.scan.ReportPipeline(out, diagnoser).run(data, progress);
        return new ScanStats(stats.lines(), stats.bytes(), LogInputs.truncation(data));
    }

    /**
     * How much of the input a scan read.
     *
     * @param lines lines read
     * @param bytes bytes read, after decompression
     * @param truncated why the input ended before its end (its compressed data stops short),
     *              or {@code null} when it was read whole
     */
    public record ScanStats(long lines, long bytes, String truncated) {
        public ScanStats(long lines, long bytes) {
            this(lines, bytes, null);
        }
    }
}
