package org.koops.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.koops.Koops;
import org.koops.corpus.Conformance;

/**
 * Measures agreement with syzkaller's public crash-report corpus and prints it; the floor only
 * guards against regressions while the rate is raised.
 */
class SyzkallerCorpusTest {
    @Test
    void titlesAgreeWithTheCorpus() throws IOException {
        List<Conformance.Outcome> outcomes = new Conformance(Koops.create())
                .checkDirectory(SharedFiles.require("corpus/syzkaller-linux/report"));
        Map<String, Integer> agree = new LinkedHashMap<>();
        int fullyRight = 0;
        for (Conformance.Outcome o : outcomes) {
            fullyRight += o.agrees() ? 1 : 0;
            o.differences().forEach((field, diff) -> agree.merge(field, diff == null ? 1 : 0, Integer::sum));
        }
        StringBuilder figures = new StringBuilder(String.format("syzkaller corpus: %d files, %d fully right (%.1f%%)",
                outcomes.size(), fullyRight, 100.0 * fullyRight / outcomes.size()));
        agree.forEach((field, n) -> figures.append(String.format("%n  %-10s %d", field, n)));
        System.out.println(figures);
        assertThat(agree.get("crash")).isGreaterThanOrEqualTo(460);
        assertThat(agree.get("title")).isGreaterThanOrEqualTo(100);
    }
}
