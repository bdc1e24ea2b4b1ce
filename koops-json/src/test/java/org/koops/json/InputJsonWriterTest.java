package org.koops.json;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.koops.model.CrashReport;
import org.koops.model.LogAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

class InputJsonWriterTest {
    private final ReportJson json = ReportJson.create();
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void writesTheDocumentOfTheWholeAnalysisReportByReport() throws Exception {
        List<CrashReport> reports = List.of(SampleReports.nullDeref(), SampleReports.bare(1, 0));
        StringWriter text = new StringWriter();
        InputJsonWriter writer = InputJsonWriter.open(new PrintWriter(text), json, "dmesg \"1\".txt");
        reports.forEach(writer::report);
        writer.close(60L, 6000L);

        assertThat(text.toString()).endsWith("}" + System.lineSeparator()).hasLineCount(1);
        JsonNode whole = json.tree(new LogAnalysis("dmesg \"1\".txt", reports, 60, 6000));
        assertThat(mapper.readTree(text.toString())).isEqualTo(mapper.readTree(ReportJson.toLine(whole)));
    }

    @Test
    void anInputThatFailedPartWayKeepsItsReportsWithoutCounts() throws Exception {
        StringWriter text = new StringWriter();
        InputJsonWriter writer = InputJsonWriter.open(new PrintWriter(text), json, "cut.log.gz");
        writer.report(SampleReports.nullDeref());
        writer.close(null, null);

        JsonNode parsed = mapper.readTree(text.toString());
        assertThat(parsed.get("reports")).hasSize(1);
        assertThat(parsed.get("lines").isNull()).isTrue();
        assertThat(parsed.get("bytes").isNull()).isTrue();
    }
}
