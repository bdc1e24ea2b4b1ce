package org.koops.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.koops.Koops;
import org.koops.model.CrashReport;
import org.koops.model.LogAnalysis;

/**
 * How long the annotated output is against the report it explains: the lines {@code koops explain} prints for a
 * report after its summary (the context lines shown before it, then every line of the report, each followed by its
 * meanings one a line) over the report's length in the input (the lines from its first to its last, foreign lines
 * interleaved with it included, plus the context lines). A note is said once per report and later lines refer to
 * it, so the text stays short without losing anything.
 *
 * <p>Prints the figures of the seeds, syzkaller's corpus, the real-log corpus and the crash lab's fixtures (the
 * whole set, and the reports over {@value #LIMIT} times their length, longest first) and holds the seeds and the two
 * corpora to at most {@value #LIMIT} times their reports' length. A single short report can need more: a one-line
 * warning needs a line to say what it means, a report cut after its register dump a line per register line. The lab's
 * consoles are such short oopses, each with a whole register dump and little else, so their figure is printed only.
 */
// Among the module's longest classes: started first when test classes run in parallel (the parent pom).
@Order(1)
class AnnotatedLengthTest {
    static final double LIMIT = 1.5;

    record Measure(String file, int report, long input, long annotated) {
        double ratio() {
            return (double) annotated / input;
        }
    }

    @Test
    void seeds() throws IOException {
        check("seeds", measure(files(SharedFiles.require("seeds"))));
    }

    @Test
    void syzkallerCorpus() throws IOException {
        check("syzkaller corpus", measure(files(SharedFiles.require("corpus/syzkaller-linux/report"))));
    }

    @Test
    void realLogCorpus() throws IOException {
        check("real-log corpus", measure(files(SharedFiles.require("corpus/wild"))));
    }

    @Test
    void labFixtures() throws IOException {
        Path lab = Path.of("").toAbsolutePath().resolveSibling("lab");
        assertThat(lab.resolve("fixtures")).isDirectory();
        List<Path> logs = new ArrayList<>(files(lab.resolve("fixtures/x86_64")));
        logs.addAll(files(lab.resolve("fixtures/arm64")));
        print("crash-lab fixtures", measure(logs));
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }

    static List<Measure> measure(List<Path> files) throws IOException {
        Koops koops = Koops.create().withoutDisassembler();
        List<Measure> out = new ArrayList<>();
        for (Path f : files) {
            LogAnalysis a = koops.analyze(f);
            for (CrashReport r : a.reports()) {
                if (r.duplicateOf() == null) {
                    long length = r.endLine() - r.startLine() + 1 + r.context().size();
                    long shown = r.context().size() + r.annotated().size();
                    long notes = r.annotated().stream().mapToLong(l -> l.meanings().size()).sum();
                    out.add(new Measure(f.getFileName().toString(), r.index(), length, shown + notes));
                }
            }
        }
        return out;
    }

    private static void check(String set, List<Measure> measures) {
        double total = print(set, measures);
        assertThat(total).as(set + ": annotated lines over report lines").isLessThanOrEqualTo(LIMIT);
    }

    /** Prints the set's figures; returns its annotated lines over its reports' lines. */
    private static double print(String set, List<Measure> measures) {
        long input = measures.stream().mapToLong(Measure::input).sum();
        long annotated = measures.stream().mapToLong(Measure::annotated).sum();
        List<Measure> over = measures.stream().filter(m -> m.ratio() > LIMIT)
                .sorted(Comparator.comparingDouble(Measure::ratio).reversed()).toList();
        double total = input == 0 ? 0 : (double) annotated / input;
        double median = measures.isEmpty() ? 0 : measures.stream().mapToDouble(Measure::ratio).sorted()
                .skip(measures.size() / 2).findFirst().orElse(0);
        StringBuilder s = new StringBuilder(String.format("%s: %d reports of %d lines annotated in %d lines (%.2fx, "
                + "median report %.2fx); %d reports over %.1fx", set, measures.size(), input, annotated, total, median,
                over.size(), LIMIT));
        over.stream().limit(10).forEach(m -> s.append(String.format("%n  %s #%d: %d lines for %d (%.2fx)", m.file(),
                m.report() + 1, m.annotated(), m.input(), m.ratio())));
        System.out.println(s);
        return total;
    }
}
