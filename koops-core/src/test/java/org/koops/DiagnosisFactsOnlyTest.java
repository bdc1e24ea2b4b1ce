package org.koops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.koops.model.CrashReport;
import org.koops.model.Diagnosis;

/**
 * An analysis for the diagnosis's facts only finds the same reports, parsed and titled the same, with the same
 * cause, culprit, guilty file and kind's facts as the full diagnosis, and no explanation of them.
 */
class DiagnosisFactsOnlyTest {
    @Test
    void theFactsAreTheSameWithoutTheirExplanation() throws IOException {
        List<Path> logs = ProjectLogs.all();
        int reports = 0;
        for (Path log : logs) {
            List<CrashReport> full = Koops.create().withoutDisassembler().analyze(log).reports();
            List<CrashReport> facts = Koops.create().withDiagnosisFactsOnly().analyze(log).reports();

            assertThat(facts).as(log.toString()).hasSameSizeAs(full);
            reports += facts.size();
            for (int i = 0; i < facts.size(); i++) {
                Diagnosis d = full.get(i).diagnosis();
                Diagnosis f = facts.get(i).diagnosis();
                String what = log + " #" + i;
                assertThat(facts.get(i)).as(what).usingRecursiveComparison().ignoringFields("diagnosis").isEqualTo(full.get(i));
                assertThat(f).as(what).usingRecursiveComparison()
                        .comparingOnlyFields("cause", "culprit", "guiltyFile", "memoryAccess", "lockCycle", "stall", "reported")
                        .isEqualTo(d);
                assertThat(f.summary()).as(what).startsWith("Not explained");
                assertThat(f.evidence()).as(what).isEmpty();
                assertThat(f.context()).as(what).isEmpty();
                assertThat(f.callChain()).as(what).isEmpty();
                assertThat(f.consequences()).as(what).isEmpty();
                assertThat(f.nextSteps()).as(what).isEmpty();
            }
        }
        assertThat(reports).as("reports compared").isGreaterThan(50);
    }

    @Test
    void codeIsNotDecoded() throws IOException {
        Path sample = Path.of("..", "samples", "null-deref-proc-read.log");
        Koops koops = Koops.create().withDiagnosisFactsOnly().withDisassembler((arch, code, address) -> {
            throw new AssertionError("decoded");
        });

        CrashReport r = koops.analyze(sample).reports().get(0);

        assertThat(r.diagnosis().faultingCode()).isNull();
        assertThat(koops.decodeCode(r)).isSameAs(r);
    }
}
