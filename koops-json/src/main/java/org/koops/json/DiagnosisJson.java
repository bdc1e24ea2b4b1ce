package org.koops.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.koops.model.AnnotatedLine;
import org.koops.model.Claim;
import org.koops.model.Culprit;
import org.koops.model.Diagnosis;
import org.koops.model.Disassembly;
import org.koops.model.FaultingCode;
import org.koops.model.Instruction;
import org.koops.model.LockCycle;
import org.koops.model.MemoryAccess;
import org.koops.model.MemoryOperand;
import org.koops.model.Origin;
import org.koops.model.Stall;
import org.koops.model.PointerUse;
import org.koops.model.LogLine;
import org.koops.model.NextStep;

import static org.koops.json.Json.NODES;
import static org.koops.json.Json.array;
import static org.koops.json.Json.object;
import static org.koops.json.Json.strings;

/** What koops concludes about a report, and its annotated lines, as JSON; see docs/json.md. */
final class DiagnosisJson {
    private DiagnosisJson() {
    }

    static JsonNode culprit(Culprit c) {
        if (c == null) {
            return NullNode.instance;
        }
        ObjectNode n = object().put("function", c.function()).put("module", c.module())
                .put("printed", c.frame() == null ? null : c.frame().symbolic());
        n.set("moduleTaints", array(c.moduleTaints(), DetailsJson::taint));
        n.put("reason", c.reason());
        n.set("victim", victim(c.victim()));
        return n;
    }

    private static JsonNode victim(Culprit.Victim v) {
        if (v == null) {
            return NullNode.instance;
        }
        return object().put("function", v.function()).put("printed", v.frame() == null ? null : v.frame().symbolic())
                .put("reason", v.reason()).put("calledBy", v.calledBy());
    }

    static JsonNode diagnosis(Diagnosis d) {
        ObjectNode n = object()
                .put("cause", d.cause().name())
                .put("causeDescription", d.cause().description())
                .put("summary", d.summary());
        n.set("evidence", array(d.evidence(), DiagnosisJson::claim));
        n.set("context", array(d.context(), DiagnosisJson::claim));
        n.set("callChain", strings(d.callChain()));
        n.set("consequences", array(d.consequences(), DiagnosisJson::claim));
        n.set("nextSteps", array(d.nextSteps(), DiagnosisJson::nextStep));
        n.put("guiltyFile", d.guiltyFile());
        if (d.faultingCode() != null) {
            n.set("faultingCode", faultingCode(d.faultingCode()));
        }
        n.set("memoryAccess", d.memoryAccess() == null ? NullNode.instance : memoryAccess(d.memoryAccess()));
        n.set("lockCycle", d.lockCycle() == null ? NullNode.instance : lockCycle(d.lockCycle()));
        n.set("stall", d.stall() == null ? NullNode.instance : stall(d.stall()));
        n.set("reportedPlace", d.reported() == null ? NullNode.instance : object()
                .put("function", d.reported().frame().function()).put("module", d.reported().frame().module())
                .put("printed", d.reported().frame().symbolic()).put("line", d.reported().frame().line())
                .put("says", d.reported().says()));
        return n;
    }

    private static JsonNode memoryAccess(MemoryAccess a) {
        ObjectNode n = object().put("bug", a.bug()).put("access", a.access()).put("size", a.size())
                .put("address", a.address() == null ? null : Json.hex(a.address())).put("task", a.task()).put("pid", a.pid())
                .put("cache", a.cache()).put("objectAddress", a.objectAddress() == null ? null : Json.hex(a.objectAddress()))
                .put("objectSize", a.objectSize()).put("offset", a.offset()).put("relation", a.relation());
        n.set("origins", array(a.origins(), DiagnosisJson::origin));
        n.put("freedByAccessingTask", a.freedByAccessingTask()).put("allocatedByFreeingTask", a.allocatedByFreeingTask());
        return n;
    }

    private static JsonNode origin(Origin o) {
        ObjectNode n = object().put("what", o.what()).put("pid", o.pid()).put("cpu", o.cpu()).put("seconds", o.seconds());
        n.set("stack", strings(o.stack()));
        return n.put("caller", o.caller()).put("line", o.line());
    }

    private static JsonNode lockCycle(LockCycle c) {
        ObjectNode n = object().put("problem", c.problem()).put("task", c.task()).put("acquiring", c.acquiring())
                .put("acquiredAt", c.acquiredAt()).put("holding", c.holding()).put("heldAt", c.heldAt());
        n.set("chain", array(c.chain(), l -> object().put("index", l.index()).put("lock", l.lock())
                .put("takenAt", l.takenAt()).put("line", l.line())));
        n.set("cycle", strings(c.cycle()));
        return n.put("deadlocked", c.deadlocked());
    }

    private static JsonNode stall(Stall s) {
        ObjectNode n = object().put("cpu", s.cpu()).put("task", s.task()).put("pid", s.pid()).put("seconds", s.seconds())
                .put("waitsIn", s.waitsIn()).put("waitsOn", s.waitsOn()).put("sharedLock", s.sharedLock());
        n.set("tasks", strings(s.tasks()));
        return n.put("idleCpu", s.idleCpu()).put("starvedKthread", s.starvedKthread());
    }

    static ObjectNode disassembly(Disassembly d) {
        ObjectNode n = object().put("arch", d.arch().id()).put("backend", d.backend()).put("line", d.line())
                .put("skipped", d.skipped()).put("problem", d.problem());
        if (d.faulting() >= 0) {
            n.put("faulting", d.faulting());
        } else {
            n.putNull("faulting");
        }
        n.set("instructions", array(d.instructions(), DiagnosisJson::instruction));
        return n;
    }

    static ObjectNode faultingCode(FaultingCode c) {
        ObjectNode n = object();
        n.set("disassembly", disassembly(c.disassembly()));
        n.set("pointer", c.pointer() == null ? NullNode.instance : pointer(c.pointer()));
        n.set("userSpace", c.userSpace() == null ? NullNode.instance : disassembly(c.userSpace()));
        return n;
    }

    private static JsonNode instruction(Instruction i) {
        ObjectNode n = object().put("offset", i.offset());
        if (i.address() != null) {
            n.put("address", Json.hex(i.address()));
        } else {
            n.putNull("address");
        }
        n.put("bytes", i.hex()).put("mnemonic", i.mnemonic()).put("operands", i.operands());
        MemoryOperand m = i.memory();
        if (m == null) {
            n.putNull("memory");
        } else {
            n.set("memory", object().put("base", m.base()).put("index", m.index()).put("scale", m.scale())
                    .put("displacement", m.displacement()).put("segment", m.segment()).put("postIndexed", m.postIndexed()));
        }
        return n;
    }

    private static JsonNode pointer(PointerUse p) {
        ObjectNode n = object().put("instruction", p.instruction()).put("register", p.register());
        n.put("registerValue", p.registerValue() == null ? null : Json.hex(p.registerValue()));
        n.put("offset", p.offset());
        n.put("effectiveAddress", p.effectiveAddress() == null ? null : Json.hex(p.effectiveAddress()));
        n.put("faultAddress", p.faultAddress() == null ? null : Json.hex(p.faultAddress()));
        if (p.agrees() == null) {
            n.putNull("agrees");
        } else {
            n.put("agrees", p.agrees());
        }
        return n.put("statement", p.statement());
    }

    private static JsonNode claim(Claim c) {
        ObjectNode n = object().put("statement", c.statement());
        n.set("lines", array(c.evidence(), NODES::numberNode));
        return n;
    }

    private static JsonNode nextStep(NextStep s) {
        return object().put("action", s.action()).put("command", s.command());
    }

    static ObjectNode logLine(LogLine line) {
        return object().put("line", line.number()).put("text", line.raw());
    }

    static JsonNode annotatedLine(AnnotatedLine a) {
        ObjectNode n = logLine(a.line());
        n.set("meanings", strings(a.meanings()));
        n.set("sameAs", array(a.sameAs(), NODES::numberNode));
        return n;
    }
}
