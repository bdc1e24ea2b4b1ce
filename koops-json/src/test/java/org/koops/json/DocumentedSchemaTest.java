package org.koops.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.koops.Koops;
import org.koops.ProjectLogs;

/**
 * Every report of the project's logs (the sample, the core's fixtures, the crash lab's consoles), in its
 * JSON form with annotated lines, is exactly what docs/json.md documents.
 */
class DocumentedSchemaTest {
    @Test
    void theProjectsLogsGiveOnlyDocumentedJson() throws IOException {
        DocumentedSchema schema = DocumentedSchema.read();
        List<String> problems = new ArrayList<>();
        int reports = 0;
        for (Path log : ProjectLogs.all()) {
            JsonNode input = ReportJson.create().withAnnotated(true).tree(Koops.create().analyze(log));
            for (JsonNode report : input.get("reports")) {
                reports++;
                schema.problems(report).forEach(p -> problems.add(log.getFileName() + ": " + p));
            }
        }
        assertThat(reports).isGreaterThan(40);
        assertThat(problems).isEmpty();
    }

    @Test
    void undocumentedOrMistypedKeysAreProblems() throws IOException {
        DocumentedSchema schema = DocumentedSchema.read();
        var report = ReportJson.create().tree(SampleReports.nullDeref());
        assertThat(schema.problems(report)).isEmpty();

        report.put("colour", "blue");
        report.put("index", "first");
        report.remove("title");
        ((com.fasterxml.jackson.databind.node.ObjectNode) report.get("fault")).put("access", 1);
        report.put("kind", "EXPLOSION");
        assertThat(schema.problems(report)).containsExactlyInAnyOrder(
                "report.colour: not documented", "report.index: \"first\" is not a number",
                "report.title: documented but missing", "report.fault.access: 1 is not a string or null",
                "kind: EXPLOSION is not in docs/json.md's list");
    }
}
