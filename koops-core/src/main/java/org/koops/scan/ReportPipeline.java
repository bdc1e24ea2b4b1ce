package org.koops.scan;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import org.koops.Koops;
import org.koops.format.ReportFormat;
import org.koops.log.LineReader;
import org.koops.log.RawLine;
import org.koops.model.CrashReport;
import org.koops.model.LogLine;
import org.koops.parse.ReportParser;

/**
 * Streams a log once: finds where each report starts and ends, and hands each finished report to
 * the assembler. Lines outside reports are only decoded when the keyword filter says they might
 * start one, which keeps scanning close to the speed of reading.
 */
public final class ReportPipeline {
    private static final int CONTEXT_LINES = 5;
    private static final long PROGRESS_EVERY = 8L << 20;

    private final ReportAssembler assembler;
    private final Consumer<CrashReport> sink;
    private final HeaderMatcher headers = HeaderMatcher.standard();
    private final RecentLines recent = new RecentLines(CONTEXT_LINES);
    private final KeywordFilter moduleStates = new KeywordFilter(List.of(" Live 0x", " Loading 0x", " Unloading 0x"));
    private OpenReport open;
    /** The last closed report, held back so a {@code /proc/modules} line printed after it can join it. */
    private OpenReport closed;
    private LogLine closedProcModule;

    public ReportPipeline(Consumer<CrashReport> sink) {
        this.sink = sink;
        this.assembler = new ReportAssembler();
    }

    public Koops.ScanStats run(InputStream in, LongConsumer progress) throws IOException {
        LineReader reader = new LineReader(in);
        long nextProgress = PROGRESS_EVERY;
        RawLine raw;
        while ((raw = reader.next()) != null) {
            if (open == null) {
                outside(raw);
            } else {
                inside(raw.toLogLine(), raw);
            }
            if (raw.endOffset() >= nextProgress) {
                progress.accept(raw.endOffset());
                nextProgress = raw.endOffset() + PROGRESS_EVERY;
            }
        }
        close();
        emitClosed();
        progress.accept(reader.bytesRead());
        return new Koops.ScanStats(reader.linesRead(), reader.bytesRead());
    }

    private void outside(RawLine raw) {
        if (headers.mightStart(raw)) {
            LogLine line = raw.toLogLine();
            ReportFormat format = headers.match(line.text());
            if (format != null) {
                openReport(format, line, recent.drain());
                return;
            }
        }
        if (closed != null && closedProcModule == null && moduleStates.matches(raw.buffer(), raw.start(), raw.end())) {
            LogLine line = raw.toLogLine();
            if (ReportParser.isProcModule(line.text()) && mentions(closed, line.text().strip().split(" ", 2)[0])) {
                closedProcModule = line;
            }
        }
        recent.add(raw);
    }

    private void openReport(ReportFormat format, LogLine line, List<LogLine> context) {
        emitClosed();
        open = new OpenReport(format, line, context);
    }

    private static boolean mentions(OpenReport report, String module) {
        return report.lines.stream().anyMatch(l -> l.text().contains(module));
    }

    private void inside(LogLine line, RawLine raw) {
        OpenReport report = open;
        if (report.foreign(line)) {
            if (!report.joinWrapped(line) && report.skipForeign()) {
                close();
            }
            return;
        }
        if (report.joinWrapped(line)) {
            return;
        }
        ReportFormat format = headers.mightStart(raw) ? headers.match(line.text()) : null;
        if (format != null) {
            if (format.has(ReportFormat.Flag.FOLLOW_UP)) {
                report.followUps.add(format);
                report.add(line);
                return;
            }
            close();
            openReport(format, line, List.of());
            return;
        }
        if (report.ended()) {
            if (BodyLines.tail(line.text())) {
                report.add(line);
                if (BodyLines.endMarker(line.text())) {
                    report.markEnded();
                }
            } else {
                close();
                outside(raw);
            }
            return;
        }
        if (BodyLines.endMarker(line.text())) {
            report.add(line);
            report.markEnded();
        } else if (BodyLines.reportish(line.text())) {
            report.add(line);
        } else if (report.addQuiet(line)) {
            close();
            recent.add(raw);
        }
    }

    private void close() {
        if (open != null) {
            emitClosed();
            closed = open;
            open = null;
        }
    }

    private void emitClosed() {
        if (closed != null) {
            OpenReport done = closed;
            LogLine proc = closedProcModule;
            closed = null;
            closedProcModule = null;
            sink.accept(assembler.assemble(done, proc));
        }
    }
}
