package org.koops.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.koops.AnalysisInvariants;
import org.koops.Koops;
import org.koops.model.LogAnalysis;

/**
 * The JSON of whatever the analysis finds in arbitrary bytes is valid JSON and exactly what docs/json.md
 * documents (the analysis's own invariants checked too). Replayed from {@code ReportJsonFuzzTestInputs/} in
 * every test run; fuzzed with {@code mvn -Pfuzz}.
 */
class ReportJsonFuzzTest {
    private static final Koops KOOPS = Koops.create().withoutDisassembler();
    private static final ReportJson JSON = ReportJson.create().withAnnotated(true);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DocumentedSchema SCHEMA;

    static {
        AnalysisInvariants.warmUp(KOOPS);
        try {
            SCHEMA = DocumentedSchema.read();
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest
    @DictionaryFile(resourcePath = "/org/koops/report-literals.dict")
    void json(byte[] input) throws IOException {
        LogAnalysis analysis = AnalysisInvariants.analyze(KOOPS, input);
        if (analysis == null) {
            return;
        }
        JsonNode tree = JSON.tree(analysis);
        String line = ReportJson.toLine(tree);
        assertThat(line).as("one line of JSON Lines").doesNotContain("\n");
        assertThat(ReportJson.toLine(MAPPER.readTree(line))).as("the line read back").isEqualTo(line);
        for (JsonNode report : tree.get("reports")) {
            assertThat(SCHEMA.problems(report)).as("what docs/json.md does not say of report %s", report.get("index")).isEmpty();
        }
    }
}
