package org.koops.json;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.koops.model.CodeBytes;
import org.koops.model.Damage;
import org.koops.model.Decoded;
import org.koops.model.FaultInfo;
import org.koops.model.Frame;
import org.koops.model.ModuleList;
import org.koops.model.ModuleRef;
import org.koops.model.OopsLine;
import org.koops.model.ProcModule;
import org.koops.model.Register;
import org.koops.model.RegisterDump;
import org.koops.model.Taint;
import org.koops.model.Task;

import static org.koops.json.Json.array;
import static org.koops.json.Json.hex;
import static org.koops.json.Json.object;
import static org.koops.json.Json.strings;

/** The parsed fields of a report ({@link org.koops.model.ReportDetails}) as JSON; see docs/json.md. */
final class DetailsJson {
    private DetailsJson() {
    }

    static JsonNode fault(FaultInfo fault) {
        if (fault == null) {
            return NullNode.instance;
        }
        ObjectNode n = object();
        n.put("address", hex(fault.address()));
        n.put("access", fault.access());
        n.put("mode", fault.mode());
        n.put("reason", fault.reason());
        n.put("errorCode", hex(fault.errorCode()));
        n.set("decoded", array(fault.decoded(), DetailsJson::decoded));
        return n;
    }

    static JsonNode decoded(Decoded d) {
        return object().put("name", d.name()).put("value", d.value()).put("meaning", d.meaning());
    }

    static JsonNode oops(OopsLine oops) {
        if (oops == null) {
            return NullNode.instance;
        }
        ObjectNode n = object().put("code", oops.code()).put("count", oops.count());
        n.set("features", strings(oops.features()));
        return n.put("line", oops.line());
    }

    static JsonNode process(Task task) {
        return task == null || !task.named() ? NullNode.instance
                : object().put("comm", task.comm()).put("pid", task.pid()).put("cpu", task.cpu());
    }

    static JsonNode kernel(Task task) {
        return task == null ? NullNode.instance
                : object().put("release", task.release()).put("build", task.build());
    }

    static JsonNode taint(Taint t) {
        return object().put("letter", String.valueOf(t.letter())).put("bit", t.bit())
                .put("name", t.name()).put("meaning", t.meaning());
    }

    static JsonNode frame(Frame f) {
        return object()
                .put("function", f.function())
                .put("offset", f.offset())
                .put("size", f.size())
                .put("module", f.module())
                .put("buildId", f.buildId())
                .put("address", hex(f.address()))
                .put("reliable", f.reliable())
                .put("context", f.context())
                .put("line", f.line())
                .put("source", f.source());
    }

    /** Register name to hex value; a register printed only as a symbol maps to null. */
    static ObjectNode registers(Optional<RegisterDump> dump) {
        ObjectNode n = object();
        dump.ifPresent(d -> d.registers().forEach(r -> n.put(r.name(), hex(r.value()))));
        return n;
    }

    /** Register name to symbolic location, for the registers printed with one (RIP, pc, lr). */
    static ObjectNode registerSymbols(Optional<RegisterDump> dump) {
        ObjectNode n = object();
        dump.ifPresent(d -> d.registers().stream().filter(r -> r.symbol() != null)
                .forEach((Register r) -> n.put(r.name(), r.symbol().symbolic())));
        return n;
    }

    static JsonNode code(CodeBytes c) {
        return object()
                .put("bytes", HexFormat.of().formatHex(c.bytes()))
                .put("faultOffset", c.faultOffset() < 0 ? null : c.faultOffset())
                .put("unitSize", c.unitSize())
                .put("userSpace", c.userSpace())
                .put("unavailable", c.unavailable())
                .put("line", c.line());
    }

    static JsonNode modules(ModuleList modules) {
        if (modules == null) {
            return NullNode.instance;
        }
        ObjectNode n = object();
        n.set("loaded", array(modules.modules(), DetailsJson::module));
        n.set("lastUnloaded", modules.lastUnloaded() == null ? NullNode.instance : module(modules.lastUnloaded()));
        return n.put("line", modules.line());
    }

    private static JsonNode module(ModuleRef m) {
        return object().put("name", m.name()).put("taint", m.taint());
    }

    static JsonNode procModule(ProcModule m) {
        if (m == null) {
            return NullNode.instance;
        }
        ObjectNode n = object().put("name", m.name()).put("size", m.size()).put("refcount", m.refcount());
        n.set("usedBy", strings(m.usedBy()));
        return n.put("state", m.state()).put("address", m.address()).put("taint", m.taint()).put("line", m.line());
    }

    static JsonNode damage(Damage d) {
        return object().put("line", d.line()).put("what", d.what());
    }

    static List<Taint> taints(Task task) {
        return task == null ? List.of() : task.taints();
    }
}
