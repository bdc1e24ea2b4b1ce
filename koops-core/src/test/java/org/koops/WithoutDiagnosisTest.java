package org.koops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.koops.model.CrashReport;
import org.koops.model.Diagnosis;

/** An analysis without diagnosis finds the same reports, parsed and titled the same, each marked as not diagnosed. */
class WithoutDiagnosisTest {
    @Test
    void theReportsAreTheSameButForTheirDiagnosis() throws IOException {
        List<Path> logs = ProjectLogs.all();
        int reports = 0;
        for (Path log : logs) {
            List<CrashReport> diagnosed = Koops.create().withoutDisassembler().analyze(log).reports();
            List<CrashReport> parsed = Koops.create().withoutDiagnosis().analyze(log).reports();

            assertThat(parsed).as(log.toString()).hasSameSizeAs(diagnosed);
            reports += parsed.size();
            for (int i = 0; i < parsed.size(); i++) {
                CrashReport d = diagnosed.get(i);
                assertThat(parsed.get(i).diagnosis()).isSameAs(Diagnosis.NONE);
                // The place a corrupted report's shown title names is the place the diagnosis finds reported.
                assertThat(parsed.get(i)).as(log + " #" + i).usingRecursiveComparison()
                        .ignoringFields(d.corrupted() ? new String[] {"diagnosis", "displayTitle"} : new String[] {"diagnosis"})
                        .isEqualTo(d);
            }
        }
        assertThat(reports).as("reports compared").isGreaterThan(50);
    }

    @Test
    void codeIsNotDecodedForADiagnosisThatIsNotMade() throws IOException {
        Path sample = Path.of("..", "samples", "null-deref-proc-read.log");
        Koops koops = Koops.create().withoutDiagnosis();

        CrashReport r = koops.analyze(sample).reports().get(0);

        assertThat(r.diagnosis()).isSameAs(Diagnosis.NONE);
        assertThat(koops.decodeCode(r)).isSameAs(r);
        assertThat(Koops.create().withDisassembler((arch, code, address) -> {
            throw new AssertionError("decoded");
        }).withoutDiagnosis().analyze(sample).reports().get(0).diagnosis()).isSameAs(Diagnosis.NONE);
    }

    @Test
    void ofNoDiagnosisAndTheFactsOnlyTheOneAskedForLastDecides() throws IOException {
        Path sample = Path.of("..", "samples", "null-deref-proc-read.log");

        assertThat(Koops.create().withDiagnosisFactsOnly().withoutDiagnosis().analyze(sample).reports().get(0)
                .diagnosis()).isSameAs(Diagnosis.NONE);
        Diagnosis facts = Koops.create().withoutDiagnosis().withDiagnosisFactsOnly().analyze(sample).reports().get(0)
                .diagnosis();
        assertThat(facts).isNotSameAs(Diagnosis.NONE);
        assertThat(facts.culprit()).isNotNull();
    }
}
