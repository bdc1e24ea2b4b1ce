package org.koops.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.koops.model.AnnotatedLine;
import org.koops.model.Claim;
import org.koops.model.Culprit;
import org.koops.model.Diagnosis;
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
        ObjectNode n = object().put("function", c.function()).put("module", c.module());
        n.set("moduleTaints", array(c.moduleTaints(), DetailsJson::taint));
        return n.put("reason", c.reason());
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
        return n.put("guiltyFile", d.guiltyFile());
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
        return n;
    }
}
