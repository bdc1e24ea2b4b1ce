package org.koops.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.koops.model.AnnotatedLine;
import org.koops.model.Claim;
import org.koops.model.CrashReport;
import org.koops.model.Culprit;
import org.koops.model.Diagnosis;
import org.koops.model.Disassembly;
import org.koops.model.FaultingCode;
import org.koops.model.Frame;
import org.koops.model.Instruction;

/**
 * A crash report as the crash page shows it: the diagnosis as fields, the call trace as a table, the
 * disassembled code, and each line of the report with what it means beside it. Plain values only; the
 * template escapes them.
 */
final class CrashView {
    private CrashView() {
    }

    static Map<String, Object> of(CrashReport r) {
        Diagnosis d = r.diagnosis();
        Map<String, Object> view = new HashMap<>();
        view.put("summary", d.summary());
        view.put("cause", d.cause().description());
        Culprit culprit = d.culprit();
        if (culprit != null) {
            view.put("culprit", Map.of("function", culprit.function(), "module", culprit.module() == null ? ""
                    : culprit.module(), "reason", culprit.reason() == null ? "" : culprit.reason(), "taints",
                    culprit.moduleTaints().stream().map(t -> t.letter() + ": " + t.meaning())
                            .collect(Collectors.joining("; "))));
        }
        view.put("guiltyFile", d.guiltyFile());
        view.put("evidence", claims(d.evidence()));
        view.put("context", claims(d.context()));
        view.put("callChain", String.join(" → ", d.callChain()));
        view.put("consequences", claims(d.consequences()));
        view.put("nextSteps", d.nextSteps().stream().map(s -> {
            Map<String, String> step = new HashMap<>();
            step.put("action", s.action());
            step.put("command", s.command());
            return step;
        }).toList());
        view.put("frames", frames(r.details().frames()));
        view.put("code", code(d.faultingCode()));
        view.put("lines", lines(r.annotated()));
        return view;
    }

    private static List<Map<String, String>> claims(List<Claim> claims) {
        return claims.stream().map(c -> Map.of("statement", c.statement(), "lines", c.evidence().isEmpty() ? ""
                : (c.evidence().size() == 1 ? "line " : "lines ") + c.evidence().stream().map(String::valueOf)
                .collect(Collectors.joining(", ")))).toList();
    }

    private static List<Map<String, Object>> frames(List<Frame> frames) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Frame f : frames) {
            Map<String, Object> row = new HashMap<>();
            row.put("frame", f.symbolic());
            row.put("module", f.module());
            row.put("unsure", !f.reliable());
            row.put("context", f.context());
            row.put("source", f.source());
            row.put("line", f.line());
            rows.add(row);
        }
        return rows;
    }

    /** The faulting code: its instructions, the faulting one marked, and the bad pointer; or why it is not there. */
    private static Map<String, Object> code(FaultingCode code) {
        if (code == null || code.disassembly() == null) {
            return null;
        }
        Disassembly d = code.disassembly();
        Map<String, Object> view = new HashMap<>();
        view.put("problem", d.problem());
        view.put("backend", d.backend());
        List<Map<String, Object>> instructions = new ArrayList<>();
        for (int i = 0; i < d.instructions().size(); i++) {
            Instruction in = d.instructions().get(i);
            Map<String, Object> row = new HashMap<>();
            row.put("address", in.address() == null ? String.format(Locale.ROOT, "+%d", in.offset())
                    : "0x" + Long.toHexString(in.address()));
            row.put("hex", in.hex());
            row.put("text", in.text());
            row.put("faulting", i == d.faulting());
            instructions.add(row);
        }
        view.put("instructions", instructions);
        view.put("pointer", code.pointer() == null ? null : code.pointer().statement());
        return view;
    }

    private static List<Map<String, Object>> lines(List<AnnotatedLine> lines) {
        return lines.stream().map(a -> {
            Map<String, Object> row = new HashMap<>();
            row.put("number", a.line().number());
            row.put("text", a.line().text());
            row.put("meanings", a.meanings());
            return row;
        }).toList();
    }
}
