package org.koops.debuginfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.koops.model.AnnotatedLine;
import org.koops.model.CrashReport;
import org.koops.model.Frame;
import org.koops.model.ReportDetails;

/**
 * Adds the source locations of a report's entries, found in the kernel's debug info, to the report:
 * each call-trace entry's {@link Frame#source()} becomes its innermost {@code file:line}, and each
 * annotated line of an entry (call trace, RIP, pc, lr) gains a meaning naming the whole inline chain,
 * or why the entry could not be looked up.
 */
public final class ReportSources {
    private final LogDecoder decoder;

    public ReportSources(KernelDebugInfo debugInfo) {
        this.decoder = new LogDecoder(debugInfo);
    }

    /** The report with the locations added; a report without entries is returned as it is. */
    public CrashReport annotate(CrashReport r) {
        Map<Long, List<FrameLocation>> byLine = decoder.locate(r);
        if (byLine.isEmpty()) {
            return r;
        }
        List<Frame> frames = new ArrayList<>(r.details().frames().size());
        for (Frame f : r.details().frames()) {
            SourceLocation innermost = located(byLine.get(f.line()), f);
            frames.add(innermost == null ? f : new Frame(f.function(), f.offset(), f.size(), f.module(), f.buildId(),
                    f.address(), f.reliable(), f.context(), f.line(), innermost.fileLine(true)));
        }
        ReportDetails d = r.details();
        ReportDetails details = new ReportDetails(d.message(), d.oops(), d.fault(), d.task(), d.hardware(), d.registers(),
                d.code(), frames, d.modules(), d.procModule(), d.panic(), d.endTraceId(), d.kernelOffset(), d.notes(),
                d.damage());
        List<AnnotatedLine> annotated = new ArrayList<>(r.annotated().size());
        for (AnnotatedLine a : r.annotated()) {
            List<FrameLocation> here = byLine.get(a.line().number());
            if (here == null) {
                annotated.add(a);
                continue;
            }
            List<String> meanings = new ArrayList<>(a.meanings());
            here.forEach(f -> meanings.add(describe(f)));
            annotated.add(a.withMeanings(meanings));
        }
        return new CrashReport(r.index(), r.title(), r.altTitles(), r.type(), r.kind(), r.arch(), r.corrupted(),
                r.corruptionReason(), r.startLine(), r.endLine(), r.startOffset(), r.endOffset(), r.lines(), r.context(),
                details, r.diagnosis(), annotated, r.duplicateOf(), r.displayTitle());
    }

    private static SourceLocation located(List<FrameLocation> found, Frame frame) {
        if (found == null) {
            return null;
        }
        for (FrameLocation f : found) {
            if (f.frame().equals(frame) && f.resolution() != null && !f.resolution().locations().isEmpty()
                    && f.resolution().locations().get(0).file() != null) {
                return f.resolution().locations().get(0);
            }
        }
        return null;
    }

    /**
     * {@code source: fs/seq_file.c:230 in seq_read_iter}, with {@code , inlined by FILE:LINE in FUNC}
     * for each caller the code was inlined into, and which address was looked up.
     */
    static String describe(FrameLocation f) {
        String entry = f.frame().symbolic();
        Resolution r = f.resolution();
        if (r == null || r.locations().isEmpty() || r.locations().get(0).file() == null) {
            return entry + ": no source line in the debug info" + (f.problem() == null ? "" : " (" + f.problem() + ")");
        }
        StringBuilder s = new StringBuilder("source of " + entry + ": ");
        List<SourceLocation> chain = r.locations();
        for (int i = 0; i < chain.size(); i++) {
            SourceLocation l = chain.get(i);
            if (i > 0) {
                s.append(", inlined by ");
            }
            s.append(l.fileLine(true));
            if (l.function() != null) {
                s.append(" in ").append(l.function());
            }
        }
        if (r.returnAddress()) {
            s.append(" (looked up at the call before the return address)");
        }
        if (f.problem() != null) {
            s.append("; ").append(f.problem());
        }
        return s.toString();
    }
}
