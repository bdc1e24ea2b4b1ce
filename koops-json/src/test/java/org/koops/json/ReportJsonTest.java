package org.koops.json;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.koops.model.Culprit;
import org.koops.model.Frame;
import org.koops.model.LogAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

class ReportJsonTest {
    private static final List<String> REPORT_KEYS = List.of("index", "title", "displayTitle", "altTitles", "type", "kind",
            "corrupted", "corruptionReason", "arch", "start", "end", "contextLines", "duplicateOf", "message",
            "faultAddress", "fault",
            "oops", "process", "kernel", "hardware", "taints", "culprit", "frames", "registers", "registerSymbols",
            "userRegisters", "code", "modules", "procModule", "panic", "endTraceId", "kernelOffset", "notes", "damage",
            "diagnosis");

    private final ReportJson json = ReportJson.create();

    @Test
    void analysisIsOneLineWithInputCountsAndReports() throws Exception {
        LogAnalysis analysis = new LogAnalysis("dmesg.txt", List.of(SampleReports.nullDeref()), 60, 6000);

        String line = ReportJson.toLine(json.tree(analysis));

        assertThat(line).doesNotContain("\n").startsWith("{\"input\":\"dmesg.txt\",\"lines\":60,\"bytes\":6000,");
        JsonNode parsed = new ObjectMapper().readTree(line);
        assertThat(parsed.get("reports")).hasSize(1);
    }

    @Test
    void reportHasEveryDocumentedKeyInOrder() {
        JsonNode report = json.tree(SampleReports.nullDeref());

        assertThat(report.fieldNames()).toIterable().containsExactlyElementsOf(REPORT_KEYS);
    }

    @Test
    void absentFieldsAreNullAndListsEmpty() {
        JsonNode report = json.tree(SampleReports.bare(1, 0));

        assertThat(report.fieldNames()).toIterable().containsExactlyElementsOf(REPORT_KEYS);
        for (String key : List.of("faultAddress", "fault", "oops", "process", "kernel", "hardware", "culprit",
                "modules", "procModule", "endTraceId")) {
            assertThat(report.get(key).isNull()).as(key).isTrue();
        }
        for (String key : List.of("contextLines", "taints", "frames", "registers", "registerSymbols", "userRegisters",
                "code",
                "notes", "damage")) {
            assertThat(report.get(key)).as(key).isEmpty();
        }
        assertThat(report.get("duplicateOf").asInt()).isZero();
        assertThat(report.get("corrupted").asBoolean()).isTrue();
        assertThat(report.get("corruptionReason").asText()).isEqualTo("no call trace");
        assertThat(report.get("arch").asText()).isEqualTo("unknown");
    }

    @Test
    void identityAndPosition() {
        JsonNode r = json.tree(SampleReports.nullDeref());

        assertThat(r.get("index").asInt()).isZero();
        assertThat(r.get("altTitles").toString()).isEqualTo("[\"bad-access in demo_show\"]");
        assertThat(r.get("kind").asText()).isEqualTo("NULL_POINTER_DEREFERENCE");
        assertThat(r.get("type").asText()).isEqualTo("NULL-POINTER-DEREFERENCE");
        assertThat(r.get("arch").asText()).isEqualTo("x86_64");
        assertThat(r.get("start").toString()).isEqualTo("{\"line\":12,\"offset\":900}");
        assertThat(r.get("end").toString()).isEqualTo("{\"line\":58,\"offset\":5300}");
        assertThat(r.get("contextLines").toString())
                .isEqualTo("[{\"line\":11,\"text\":\"koops_demo: created /proc/koops_demo\"}]");
        assertThat(r.get("duplicateOf").isNull()).isTrue();
    }

    @Test
    void faultAddressesAndErrorCodeAreHex() {
        JsonNode r = json.tree(SampleReports.nullDeref());

        assertThat(r.get("faultAddress").asText()).isEqualTo("0x10");
        assertThat(r.get("fault").toString()).isEqualTo("{\"address\":\"0x10\",\"access\":\"read\",\"mode\":\"kernel\","
                + "\"reason\":\"not-present page\",\"errorCode\":\"0x0\","
                + "\"decoded\":[{\"name\":\"P\",\"value\":\"0\",\"meaning\":\"the page was not present\"}]}");
    }

    @Test
    void processKernelAndTaints() {
        JsonNode r = json.tree(SampleReports.nullDeref());

        assertThat(r.get("process").toString()).isEqualTo("{\"comm\":\"cat\",\"pid\":4242,\"cpu\":1}");
        assertThat(r.get("kernel").toString())
                .isEqualTo("{\"release\":\"6.1.0-27-amd64\",\"build\":\"#1  Debian 6.1.115-1\"}");
        assertThat(r.get("taints").get(0).toString()).isEqualTo("{\"letter\":\"O\",\"bit\":12,"
                + "\"name\":\"TAINT_OOT_MODULE\",\"meaning\":\"an out-of-tree module was loaded\"}");
        assertThat(r.get("oops").toString())
                .isEqualTo("{\"code\":\"0000\",\"count\":1,\"features\":[\"PREEMPT\",\"SMP\",\"NOPTI\"],\"line\":16}");
    }

    @Test
    void framesKeepOffsetsAsNumbers() {
        JsonNode frames = json.tree(SampleReports.nullDeref()).get("frames");

        assertThat(frames.get(0).toString()).isEqualTo("{\"function\":\"demo_show\",\"offset\":21,\"size\":64,"
                + "\"module\":\"koops_demo\",\"buildId\":null,\"address\":null,\"reliable\":false,"
                + "\"context\":\"TASK\",\"line\":30,\"source\":null}");
        assertThat(frames.get(1).get("reliable").asBoolean()).isTrue();
    }

    @Test
    void registersAreHexWithSymbolsApart() {
        JsonNode r = json.tree(SampleReports.nullDeref());

        assertThat(r.get("registers").toString()).isEqualTo(
                "{\"RIP\":null,\"RBX\":\"0x0\",\"RDI\":\"0xffff9a0d43f1c780\",\"CR2\":\"0x10\"}");
        assertThat(r.get("registerSymbols").toString())
                .isEqualTo("{\"RIP\":\"demo_show+0x15/0x40 [koops_demo]\"}");
        assertThat(r.get("userRegisters").toString()).isEqualTo("{\"RIP\":\"0x7f3b2c8f819d\"}");
    }

    @Test
    void codeBytesAreOneHexString() {
        JsonNode code = json.tree(SampleReports.nullDeref()).get("code").get(0);

        assertThat(code.toString()).isEqualTo("{\"bytes\":\"4989fc8b5310\",\"faultOffset\":3,\"unitSize\":1,"
                + "\"userSpace\":false,\"unavailable\":null,\"line\":19}");
    }

    @Test
    void modulesAndCulprit() {
        JsonNode r = json.tree(SampleReports.nullDeref());

        assertThat(r.get("modules").toString()).isEqualTo("{\"loaded\":[{\"name\":\"koops_demo\",\"taint\":\"OE\"},"
                + "{\"name\":\"ext4\",\"taint\":\"\"}],\"lastUnloaded\":null,\"line\":53}");
        JsonNode culprit = r.get("culprit");
        assertThat(culprit.get("function").asText()).isEqualTo("demo_show");
        assertThat(culprit.get("module").asText()).isEqualTo("koops_demo");
        assertThat(culprit.get("printed").asText()).isEqualTo("demo_show+0x15/0x40 [koops_demo]");
        assertThat(culprit.get("moduleTaints").findValuesAsText("letter")).containsExactly("O", "E");
        assertThat(culprit.get("reason").asText()).isEqualTo("RIP points into it");
        assertThat(culprit.get("victim").isNull()).isTrue();
    }

    @Test
    void diagnosisNamesItsLines() {
        JsonNode d = json.tree(SampleReports.nullDeref()).get("diagnosis");

        assertThat(d.get("cause").asText()).isEqualTo("NULL_POINTER_DEREFERENCE");
        assertThat(d.get("causeDescription").asText()).isEqualTo("NULL pointer dereference");
        assertThat(d.get("evidence").get(0).toString())
                .isEqualTo("{\"statement\":\"The faulting address 0x10 is in the first page.\",\"lines\":[12,25]}");
        assertThat(d.get("callChain")).hasSize(3);
        assertThat(d.get("nextSteps").get(1).toString())
                .isEqualTo("{\"action\":\"Reboot before trusting the machine again.\",\"command\":null}");
    }

    @Test
    void annotatedLinesOnlyWhenAsked() {
        assertThat(json.tree(SampleReports.nullDeref()).has("annotated")).isFalse();

        JsonNode annotated = json.withAnnotated(true).tree(SampleReports.nullDeref()).get("annotated");

        assertThat(annotated.get(0).toString()).isEqualTo("{\"line\":12,\"text\":\"[  325.912311] BUG: kernel NULL "
                + "pointer dereference, address: 0000000000000010\","
                + "\"meanings\":[\"A NULL pointer was dereferenced.\"],\"sameAs\":[]}");
    }

    @Test
    void aVictimIsWhereItHappenedAndWhoCalledIt() {
        Frame helper = new Frame("__kmalloc", 0xf3L, 0x3a0L, null, null, null, true, null, 14, null);
        Culprit c = new Culprit("lab_item_new", "lab_slab", List.of(), null, "the first caller of __kmalloc",
                new Culprit.Victim("__kmalloc", helper, "allocator: it only serves its caller", "lab_item_new"));

        assertThat(DiagnosisJson.culprit(c).get("victim").toString()).isEqualTo("{\"function\":\"__kmalloc\","
                + "\"printed\":\"__kmalloc+0xf3/0x3a0\",\"reason\":\"allocator: it only serves its caller\","
                + "\"calledBy\":\"lab_item_new\"}");
    }

    @Test
    void listEntryLocatesTheReport() {
        assertThat(json.listEntry("dmesg.txt", SampleReports.nullDeref()).toString()).isEqualTo(
                "{\"input\":\"dmesg.txt\",\"index\":0,\"line\":12,\"seconds\":325.912311,\"wallClock\":null,"
                        + "\"title\":\"BUG: unable to handle kernel NULL pointer dereference in demo_show\","
                        + "\"displayTitle\":\"BUG: unable to handle kernel NULL pointer dereference in demo_show\","
                        + "\"type\":\"NULL-POINTER-DEREFERENCE\",\"kind\":\"NULL_POINTER_DEREFERENCE\","
                        + "\"corrupted\":false,\"duplicateOf\":null}");
    }
}
