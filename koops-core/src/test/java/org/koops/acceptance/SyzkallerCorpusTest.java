package org.koops.acceptance;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
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
class SyzkallerCorpusTest {
    private static final String KNOWN = "syzkaller-known-differences.txt";
    private static final Path SOURCE = Path.of("src/test/resources/org/koops/acceptance", KNOWN);
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
        Map<String, Map<String, String>> known = Boolean.getBoolean("koops.corpus.update")
                ? update(outcomes, read()) : read();
        return outcomes.stream().map(o -> DynamicTest.dynamicTest(o.file(),
                () -> check(o, known.getOrDefault(o.file(), Map.of()))));
    }

    private static void check(Conformance.Outcome o, Map<String, String> listed) {
        Map<String, String> differing = differing(o);
        StringBuilder problems = new StringBuilder();
        differing.forEach((field, diff) -> {
            if (!listed.containsKey(field)) {
                problems.append(String.format("%n  %s differs: %s", field, diff));
            }
        });
        listed.keySet().stream().filter(field -> !differing.containsKey(field)).forEach(field -> problems.append(
                String.format("%n  %s now agrees: remove it from %s", field, KNOWN)));
        if (!problems.isEmpty()) {
            fail(o.file() + problems);
        }
        Assumptions.assumeTrue(listed.isEmpty(), () -> listed.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; ")));
    }

    private static Map<String, String> differing(Conformance.Outcome o) {
        Map<String, String> d = new LinkedHashMap<>();
        o.differences().forEach((field, diff) -> {
            if (diff != null) {
                d.put(field, diff);
            }
        });
        return d;
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

    /** {@code folder/file field: reason} lines; {@code #} starts a comment. */
    private static Map<String, Map<String, String>> read() throws IOException {
        Map<String, Map<String, String>> known = new TreeMap<>();
        try (InputStream in = SyzkallerCorpusTest.class.getResourceAsStream(KNOWN)) {
            if (in == null) {
                return known;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fileAndRest = line.split(" ", 2);
                String[] fieldAndReason = fileAndRest[1].split(": ", 2);
                known.computeIfAbsent(fileAndRest[0], f -> new LinkedHashMap<>())
                        .put(fieldAndReason[0], fieldAndReason.length > 1 ? fieldAndReason[1] : "");
            }
        }
        return known;
    }

    /** Rewrites the list in the source tree from the outcomes; a new entry's reason is its difference. */
    private static Map<String, Map<String, String>> update(List<Conformance.Outcome> outcomes,
                                                           Map<String, Map<String, String>> old) throws IOException {
        Map<String, Map<String, String>> known = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder(HEADER);
        for (Conformance.Outcome o : outcomes) {
            differing(o).forEach((field, diff) -> {
                String reason = old.getOrDefault(o.file(), Map.of()).getOrDefault(field, "differs: " + diff);
                known.computeIfAbsent(o.file(), f -> new LinkedHashMap<>()).put(field, reason);
                text.append(o.file()).append(' ').append(field).append(": ").append(reason).append('\n');
            });
        }
        Files.writeString(SOURCE, text, StandardCharsets.UTF_8);
        return known;
    }
}
