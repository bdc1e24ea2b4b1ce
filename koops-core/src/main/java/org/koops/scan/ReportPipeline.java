package org.koops.scan;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

import org.koops.Koops;
import org.koops.format.ReportFormat;
import org.koops.format.MessageLeads;
import org.koops.format.ReportFormats;
import org.koops.log.LineReader;
import org.koops.log.PrefixShape;
import org.koops.log.RawLine;
import org.koops.model.CrashReport;
import org.koops.model.Damage;
import org.koops.model.LogLine;
import org.koops.parse.ReportParser;

/**
 * Streams a log once: finds where each report starts and ends, and hands each finished report to
 * the assembler. Outside reports the reader skips straight to the next line holding a report-start
 * keyword (or a {@code /proc/modules} entry, which may belong to the last report); only those lines
 * are decoded and matched against the format table, which keeps scanning close to the speed of
 * reading. Inside a report every line is read.
 */
public final class ReportPipeline {
    private static final int CONTEXT_LINES = 5;
    private static final long PROGRESS_EVERY = 8L << 20;
    /** The states a {@code /proc/modules} line shows, the only lines after a report that may join it. */
    private static final List<String> MODULE_STATES = List.of(" Live 0x", " Loading 0x", " Unloading 0x");
    // The matchers are immutable and costly to build (their tables), so every scan shares them.
    private static final HeaderMatcher HEADERS = HeaderMatcher.standard();
    private static final KeywordFilter MODULE_STATE_KEYWORDS = new KeywordFilter(MODULE_STATES);
    /** What a line must contain to matter outside a report. */
    private static final KeywordFilter OUTSIDE_KEYWORDS = new KeywordFilter(Stream.concat(
            ReportFormats.groups().stream().flatMap(g -> g.literals().stream()), MODULE_STATES.stream()).toList());

    private final ReportAssembler assembler;
    private final Consumer<CrashReport> sink;
    private LineReader reader;
    /** Lines before this offset belong to a report and cannot be another one's context. */
    private long contextFloor;
    private OpenReport open;
    /** The last closed report, held back so a {@code /proc/modules} line printed after it can join it. */
    private OpenReport closed;
    /** A closed report whose title is read on into the open one, emitted when that one closes. */
    private OpenReport waiting;
    private LogLine closedProcModule;

    /**
     * @param diagnoser diagnoses the log's reports ({@link org.koops.diagnose.Diagnoser#forLog()}), or {@code null}:
     *                  then each report gets {@link org.koops.model.Diagnosis#NONE}
     */
    public ReportPipeline(Consumer<CrashReport> sink, org.koops.diagnose.Diagnoser diagnoser) {
        this.sink = sink;
        this.assembler = new ReportAssembler(diagnoser);
    }

    public Koops.ScanStats run(InputStream in, LongConsumer progress) throws IOException {
        reader = new LineReader(in);
        long nextProgress = PROGRESS_EVERY;
        RawLine raw;
        // Whether the last line read ends the input without its newline: the log was cut inside it.
        boolean cutInLine = false;
        long lastLine = -1;
        while ((raw = open == null && !gathering() ? reader.nextMatching(OUTSIDE_KEYWORDS::find) : reader.next()) != null) {
            cutInLine = raw.endOffset() - raw.offset() == raw.end() - raw.start();
            lastLine = raw.number();
            if (gathering()) {
                closed.later(raw.toLogLine());
            }
            if (open == null) {
                outside(raw);
            } else {
                contextFloor = raw.endOffset();
                inside(open.reread(raw.toLogLine()), raw);
            }
            if (reader.bytesRead() >= nextProgress) {
                progress.accept(reader.bytesRead());
                nextProgress = reader.bytesRead() + PROGRESS_EVERY;
            }
        }
        if (cutInLine) {
            cutInHeader(lastLine);
        }
        close();
        emitClosed();
        progress.accept(reader.bytesRead());
        return new Koops.ScanStats(reader.linesRead(), reader.bytesRead());
    }

    private void outside(RawLine raw) {
        if (HEADERS.mightStart(raw)) {
            // The first line of a report shows the shape its lines share, and with it the wrappers
            // (indentation, line numbers) that no prefix form can tell from text on a single line.
            LogLine read = raw.toLogLine();
            PrefixShape shape = PrefixShape.learn(read);
            LogLine line = shape.reread(read);
            ReportFormat format = line.prefix().kernel() ? HEADERS.match(line.text()) : null;
            if (format != null) {
                List<RawLine> earlier = earlier(raw);
                List<RawLine> last = earlier.isEmpty() ? reader.previous(raw, CONTEXT_LINES, contextFloor)
                        : earlier.subList(Math.max(0, earlier.size() - CONTEXT_LINES), earlier.size());
                List<LogLine> context = last.stream().filter(l -> l.offset() >= contextFloor).map(RawLine::toLogLine).toList();
                openReport(format, shape, line, context, earlier);
                return;
            }
        }
        if (closed != null && closedProcModule == null && MODULE_STATE_KEYWORDS.matches(raw.buffer(), raw.start(), raw.end())) {
            LogLine line = raw.toLogLine();
            if (ReportParser.isProcModule(line.text()) && mentions(closed, line.text().strip().split(" ", 2)[0])) {
                closedProcModule = line;
            }
        }
    }

    /**
     * A report opened by the log's last line, which the log ends inside: when the line is the beginning of a header
     * (a headline cut mid-line, {@link ReportFormats#cutHeader}), it is a report of that row, cut at its first line,
     * rather than the line of a program that only looks like one.
     */
    private void cutInHeader(long lastLine) {
        if (open != null && open.lines.size() == 1 && open.header.number() == lastLine) {
            ReportFormat row = ReportFormats.cutHeader(open.header.text());
            if (row != null) {
                open = open.cutInHeader(row);
            }
        }
    }

    /** A report found inside another learns its own shape from its first line as read, not as the other read it. */
    private void openReport(ReportFormat format, RawLine raw, List<LogLine> context) {
        LogLine read = raw.toLogLine();
        PrefixShape shape = PrefixShape.learn(read);
        openReport(format, shape, shape.reread(read), context, earlier(raw));
    }

    /** The lines before a report, whatever they belong to, while the scan may still read around reports. */
    private List<RawLine> earlier(RawLine raw) {
        return assembler.aroundBudget[0] >= 2 * OpenReport.AROUND_LINES ? reader.previous(raw, OpenReport.AROUND_LINES, 0)
                : List.of();
    }

    /** The lines of the context that are the report's own message ({@link MessageLeads}) start the report. */
    private void openReport(ReportFormat format, PrefixShape shape, LogLine line, List<LogLine> context, List<RawLine> earlier) {
        if (closed != null && closed.mentionOf(format, line)) {
            // The same report follows: the first line alone above it was a mention of it, not a report of its own.
            closed = null;
            closedProcModule = null;
        }
        // A report still waiting for lines that tell its architecture reads them from this one, and is emitted first.
        if (!gathering()) {
            emitClosed();
        }
        List<LogLine> before = context.stream().map(shape::reread).toList();
        int lead = MessageLeads.count(before.stream().map(l -> shape.fits(l) ? l.text() : null).toList(), line.text());
        open = new OpenReport(format, shape, line, context.subList(0, context.size() - lead),
                before.subList(before.size() - lead, before.size()), earlier);
    }

    /** Whether the last closed report still wants the lines read after it, to tell its architecture. */
    private boolean gathering() {
        return closed != null && closed.wantsLater();
    }

    private static boolean mentions(OpenReport report, String module) {
        return report.lines.stream().anyMatch(l -> l.text().contains(module));
    }

    private void inside(LogLine line, RawLine raw) {
        OpenReport report = open;
        if (BodyLines.replayMarker(line.text())) {
            // The line before was cut short and comes again whole: a report that is only that fragment was none.
            if (report.lines.size() == 1) {
                discard();
            } else {
                report.dropFragment(line);
            }
            return;
        }
        if (report.foreign(line)) {
            if (BodyLines.debuggerPcOf(line.text(), report.lines)) {
                // The kernel debugger's console took the fault over: its dump of the same fault is the report's.
                report.add(line);
                return;
            }
            if (!report.joinWrapped(line) && report.skipForeign()) {
                close();
            }
            return;
        }
        if (report.joinWrapped(line)) {
            return;
        }
        ReportFormat format = HEADERS.mightStart(raw) && line.prefix().kernel() ? HEADERS.match(line.text()) : null;
        if (format != null) {
            if (report.repeats(line)) {
                report.damage.add(new Damage(line.number(), "line " + line.number() + " repeats a line of the report, time "
                        + "stamp and all; it was printed twice and is left out"));
                return;
            }
            if (report.absorbs(format)
                    || report.format.has(ReportFormat.Flag.PRELUDE) && report.lines.size() <= ReportFormat.PRELUDE_REACH) {
                report.followUps.add(format);
                report.add(line);
                return;
            }
            if (report.loneFollowUp(line)) {
                // Printed inside reports, yet alone just before a report's first line: the two came out of order.
                LogLine early = report.header;
                discard();
                openReport(format, raw, List.of(early));
                return;
            }
            boolean readOn = report.titleReadsOnInto(line);
            // The new report's message may have been printed while this one was open: it is the new one's.
            List<LogLine> lead = report.takeLead(line.text());
            close();
            if (readOn) {
                waiting = closed;
                closed = null;
            }
            openReport(format, raw, lead);
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
                contextFloor = raw.offset();
                outside(raw);
            }
            return;
        }
        if (BodyLines.endMarker(line.text())) {
            report.add(line);
            report.markEnded();
        } else if (BodyLines.reportish(line.text())) {
            report.add(line);
        } else if (report.addQuiet(line) && !report.readOn()) {
            close();
            contextFloor = raw.offset();
        }
    }

    private void close() {
        if (open != null) {
            emitClosed();
            List<LogLine> finished = open.finish();
            if (waiting != null) {
                sink.accept(assembler.assemble(waiting, null, finished));
                waiting = null;
            }
            closed = open.isReport() ? open : null;
            open = null;
            if (closed != null) {
                closed.settleArch(assembler.aroundBudget);
            }
        }
    }

    /** Drops the open report, which turned out to be none; a report waiting to read its title on into it is finished. */
    private void discard() {
        if (waiting != null) {
            sink.accept(assembler.assemble(waiting, null, List.of()));
            waiting = null;
        }
        open = null;
    }

    private void emitClosed() {
        if (closed != null) {
            OpenReport done = closed;
            LogLine proc = closedProcModule;
            closed = null;
            closedProcModule = null;
            sink.accept(assembler.assemble(done, proc, List.of()));
        }
    }
}
