package org.koops.acceptance;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.koops.Koops;
import org.koops.corpus.Conformance;
import org.koops.corpus.WildCorpus;
import org.koops.json.WildManifest;

/**
 * One test per log of the corpus of real users' crash logs beside the repository
 * ({@code ../shared/corpus/wild}, ground truth in its {@code MANIFEST.json}): the report found where the
 * manifest says it starts, the number of distinct reports, the architecture, and the function and module
 * where the report says it happened. Differences koops knowingly has are listed with their reason in
 * {@value #KNOWN}, as for syzkaller's corpus; the figures are printed.
 *
 * <p>After a change, rewrite the list and review it:
 * {@code mvn -B test -pl koops-json -am -Dtest=WildCorpusTest -Dsurefire.failIfNoSpecifiedTests=false -Dkoops.corpus.update=true}
 */
class WildCorpusTest {
    private static final String KNOWN = "wild-known-differences.txt";
    private static final String HEADER = """
            # Where koops knowingly differs from the ground truth of ../shared/corpus/wild, one field a line:
            #   file field: why
            # WildCorpusTest skips a listed file with its reason, fails on a difference not listed here, and
            # fails on a listed one that is gone. Rewrite it from the current results, then review it:
            #   mvn -B test -pl koops-json -am -Dtest=WildCorpusTest -Dsurefire.failIfNoSpecifiedTests=false -Dkoops.corpus.update=true
            # A new entry's reason is its difference ("differs: expected ≠ actual") until someone explains it.
            """;

    @TestFactory
    Stream<DynamicTest> findsAndPlacesEveryReport() throws IOException {
        Path dir = SharedFiles.require("corpus/wild");
        List<WildCorpus.Outcome> outcomes = new WildCorpus(Koops.create()).check(dir, WildManifest.read(dir));
        printFigures(outcomes);
        List<KnownDifferences.Result> results = outcomes.stream().map(o -> new KnownDifferences.Result(o.expected().file(),
                KnownDifferences.differing(o.differences()))).toList();
        KnownDifferences known = new KnownDifferences(WildCorpusTest.class, KNOWN, HEADER, results);
        return results.stream().map(r -> DynamicTest.dynamicTest(r.file(), () -> known.check(r)));
    }

    private static void printFigures(List<WildCorpus.Outcome> outcomes) {
        StringBuilder s = new StringBuilder("wild corpus:");
        for (Conformance.Figure f : WildCorpus.figures(outcomes)) {
            s.append(String.format("%n  %-10s %4d/%d", f.field(), f.agree(), f.compared()));
        }
        System.out.println(s);
    }
}
