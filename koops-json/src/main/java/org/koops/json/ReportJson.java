package org.koops.json;

import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.koops.model.CrashReport;
import org.koops.model.LinePrefix;
import org.koops.model.LogAnalysis;
import org.koops.model.ReportDetails;

import static org.koops.json.Json.array;
import static org.koops.json.Json.hex;
import static org.koops.json.Json.object;
import static org.koops.json.Json.strings;

/**
 * Maps analysed logs and reports to the JSON form documented in {@code docs/json.md}.
 *
 * <p>The schema is stable: every documented key is always present, {@code null} when the log does
 * not show the value, and lists and maps are empty rather than missing. Addresses and register
 * values are hex strings ({@code "0x10"}) because JSON numbers cannot hold 64-bit values exactly.
 * Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * String line = ReportJson.toLine(ReportJson.create().tree(analysis));
 * }</pre>
 */
public final class ReportJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final boolean annotated;

    private ReportJson(boolean annotated) {
        this.annotated = annotated;
    }

    /** A mapper that leaves out each report's {@code annotated} lines. */
    public static ReportJson create() {
        return new ReportJson(false);
    }

    /** A mapper like this one that writes each report's {@code annotated} lines, or leaves them out. */
    public ReportJson withAnnotated(boolean include) {
        return new ReportJson(include);
    }

    /** Compact JSON on one line, without a line terminator: one line of a JSON Lines stream. */
    public static String toLine(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // cannot happen for a tree of plain nodes
        }
    }

    /** {@code {"input", "lines", "bytes", "truncated", "reports"}}: everything found in one input. */
    public ObjectNode tree(LogAnalysis analysis) {
        ObjectNode n = object().put("input", analysis.input()).put("lines", analysis.lines())
                .put("bytes", analysis.bytes()).put("truncated", analysis.truncated());
        n.set("reports", array(analysis.reports(), this::tree));
        return n;
    }

    /** One report with its parsed fields and diagnosis. */
    public ObjectNode tree(CrashReport r) {
        ReportDetails d = r.details();
        ObjectNode n = object().put("index", r.index()).put("title", r.title()).put("displayTitle", r.displayTitle());
        n.set("altTitles", strings(r.altTitles()));
        n.put("type", r.type())
                .put("kind", r.kind().name())
                .put("corrupted", r.corrupted())
                .put("corruptionReason", r.corruptionReason())
                .put("arch", r.arch().id());
        n.set("start", object().put("line", r.startLine()).put("offset", r.startOffset()));
        n.set("end", object().put("line", r.endLine()).put("offset", r.endOffset()));
        n.set("contextLines", array(r.context(), DiagnosisJson::logLine));
        n.put("duplicateOf", r.duplicateOf())
                .put("message", d.message())
                .put("faultAddress", hex(d.fault() == null ? null : d.fault().address()));
        n.set("fault", DetailsJson.fault(d.fault()));
        n.set("oops", DetailsJson.oops(d.oops()));
        n.set("process", DetailsJson.process(d.task()));
        n.set("kernel", DetailsJson.kernel(d.task()));
        n.put("hardware", d.hardware());
        n.set("taints", array(DetailsJson.taints(d.task()), DetailsJson::taint));
        n.set("culprit", DiagnosisJson.culprit(r.diagnosis().culprit()));
        n.set("frames", array(d.frames(), DetailsJson::frame));
        n.set("registers", DetailsJson.registers(d.kernelRegisters()));
        n.set("registerSymbols", DetailsJson.registerSymbols(d.kernelRegisters()));
        n.set("userRegisters", DetailsJson.registers(d.userRegisters()));
        n.set("code", array(d.code(), DetailsJson::code));
        n.set("modules", DetailsJson.modules(d.modules()));
        n.set("procModule", DetailsJson.procModule(d.procModule()));
        n.put("panic", d.panic()).put("endTraceId", d.endTraceId()).put("kernelOffset", d.kernelOffset());
        n.set("notes", strings(d.notes()));
        n.set("damage", array(d.damage(), DetailsJson::damage));
        n.set("diagnosis", DiagnosisJson.diagnosis(r.diagnosis()));
        if (annotated) {
            n.set("annotated", array(r.annotated(), DiagnosisJson::annotatedLine));
        }
        return n;
    }

    /**
     * A decoded {@code Code:} line and the bad pointer it shows, as in a report's
     * {@code diagnosis.faultingCode} (docs/json.md).
     */
    public ObjectNode faultingCode(org.koops.model.FaultingCode code) {
        return DiagnosisJson.faultingCode(code);
    }

    /** The short form {@code koops list --format=json} prints: where a report is and its title. */
    public ObjectNode listEntry(String input, CrashReport r) {
        LinePrefix prefix = r.lines().isEmpty() ? LinePrefix.NONE : r.lines().get(0).prefix();
        return object()
                .put("input", input)
                .put("index", r.index())
                .put("line", r.startLine())
                .put("seconds", prefix.seconds())
                .put("wallClock", prefix.wallClock())
                .put("title", r.title())
                .put("displayTitle", r.displayTitle())
                .put("type", r.type())
                .put("kind", r.kind().name())
                .put("corrupted", r.corrupted())
                .put("duplicateOf", r.duplicateOf());
    }
}
