package org.koops.acceptance;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;
import org.koops.Koops;
import org.koops.corpus.Conformance;

/**
 * One test per file of syzkaller's corpus beside the repository: koops must agree with syzkaller on
 * every field, except the differences listed with their reason in {@value #KNOWN}. A listed file is
 * skipped with its reason; a difference not listed fails, and so does a listed one that is gone, so
 * that the list stays true.
 *
 * <p>After a change, rewrite the list from the current results (keeping the reasons of the entries
 * that remain) and review it:
 * {@code mvn -B test -pl koops-core -Dtest=SyzkallerCorpusTest -Dkoops.corpus.update=true}
 */
// Among the module's longest classes: started first when test classes run in parallel (the parent pom).
@Order(1)
class SyzkallerCorpusTest {
    private static final String KNOWN = "syzkaller-known-differences.txt";
    private static final String HEADER = """
            # Where koops knowingly differs from syzkaller on ../shared/corpus/syzkaller-linux, one field a line:
            #   folder/file field: why
            # SyzkallerCorpusTest skips a listed file with its reason, fails on a difference not listed here,
            # and fails on a listed one that is gone. Rewrite it from the current results, then review it:
            #   mvn -B test -pl koops-core -Dtest=SyzkallerCorpusTest -Dkoops.corpus.update=true
            # A new entry's reason is its difference ("differs: expected ≠ actual") until someone explains it.
            """;

    @TestFactory
    Stream<DynamicTest> agreesWithSyzkaller() throws IOException {
        List<Conformance.Outcome> outcomes = new Conformance(Koops.create())
                .check(SharedFiles.require("corpus/syzkaller-linux"));
        printFigures(outcomes);
        List<KnownDifferences.Result> results = outcomes.stream()
                .map(o -> new KnownDifferences.Result(o.file(), KnownDifferences.differing(o.differences()))).toList();
        KnownDifferences known = new KnownDifferences(SyzkallerCorpusTest.class, KNOWN, HEADER, results);
        return results.stream().map(r -> DynamicTest.dynamicTest(r.file(), () -> known.check(r)));
    }

    private static void printFigures(List<Conformance.Outcome> outcomes) {
        long agree = outcomes.stream().filter(Conformance.Outcome::agrees).count();
        StringBuilder s = new StringBuilder(String.format("syzkaller corpus: %d of %d files agree on every field",
                agree, outcomes.size()));
        for (Conformance.Figure f : Conformance.figures(outcomes)) {
            s.append(String.format("%n  %-10s %4d/%d", f.field(), f.agree(), f.compared()));
        }
        System.out.println(s);
    }
}
