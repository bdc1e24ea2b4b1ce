package org.koops.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.koops.Koops;
import org.koops.model.CrashReport;
import org.koops.model.Culprit;
import org.koops.model.FaultInfo;
import org.koops.model.LogAnalysis;

/**
 * The crash lab's real kernel consoles ({@code lab/fixtures/ARCH/SCENARIO.log}), each checked against the ground
 * truth of {@code lab/fixtures/manifest.tsv}: one dynamic test per fact of each fixture's first report.
 *
 * <p>A fact marked {@code xfail FACT: reason} in the manifest's notes is a known koops bug: its test is skipped with
 * the reason while koops still gets it wrong, and fails once koops gets it right, so that the mark is removed.
 *
 * <p>The fixtures are read from {@code ../lab} beside this module, or from the directory named by the system
 * property {@code koops.lab.fixtures} (a fresh lab run: {@code lab/check.sh --fresh}), where the consoles of
 * scenarios that were not run are skipped.
 */
class LabFixturesTest {
    private static final String LAB_MARKER = "LAB: faulting statement";

    @TestFactory
    Stream<DynamicNode> fixtures() throws IOException {
        Path lab = lab();
        Path fixtures = fixturesDir(lab);
        List<LabManifest.Row> rows = LabManifest.read(lab.resolve("fixtures/manifest.tsv"));
        assertThat(rows).as("rows of manifest.tsv").isNotEmpty();
        return rows.stream().map(row -> fixtures.equals(lab.resolve("fixtures")) || Files.exists(fixtures.resolve(row.fixture()))
                ? container(lab, fixtures, row)
                : DynamicTest.dynamicTest(row.fixture(), () -> Assumptions.abort("not in this lab run: "
                        + fixtures.resolve(row.fixture()))));
    }

    /** Every fixture in the fixtures directory has a manifest row: a capture without ground truth checks nothing. */
    @TestFactory
    Stream<DynamicNode> everyFixtureHasGroundTruth() throws IOException {
        Path lab = lab();
        List<String> known = LabManifest.read(lab.resolve("fixtures/manifest.tsv")).stream()
                .map(LabManifest.Row::fixture).toList();
        List<DynamicNode> tests = new ArrayList<>();
        try (Stream<Path> files = Files.walk(lab.resolve("fixtures"))) {
            files.filter(p -> p.toString().endsWith(".log")).sorted().forEach(p -> {
                String name = lab.resolve("fixtures").relativize(p).toString().replace('\\', '/');
                tests.add(DynamicTest.dynamicTest(name, () -> assertThat(known).as("manifest rows").contains(name)));
            });
        }
        return tests.stream();
    }

    private static DynamicContainer container(Path lab, Path fixtures, LabManifest.Row row) {
        Path log = fixtures.resolve(row.fixture());
        List<DynamicNode> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("source " + row.source(), () -> checkSource(lab, row)));
        Report report = new Report(log);
        check(tests, row, report, "kind", r -> r.kind().name());
        check(tests, row, report, "title", CrashReport::title);
        check(tests, row, report, "function", r -> culprit(r, Culprit::function));
        check(tests, row, report, "module", r -> culprit(r, Culprit::module));
        check(tests, row, report, "cause", r -> r.diagnosis().cause().name());
        check(tests, row, report, "fault", LabFixturesTest::faultAddress);
        // Every console is a known machine with a call trace: its directory names the architecture
        // (arm-5.10 is arm booted with an older kernel).
        String arch = row.arch().replaceFirst("-.*", "");
        tests.add(DynamicTest.dynamicTest("arch = " + arch, () -> assertThat(report.first().arch().id())
                .as("architecture of %s", row.fixture()).isEqualTo(arch)));
        tests.add(DynamicTest.dynamicTest("call trace read", () -> assertThat(report.first().details().frames())
                .as("call trace of %s", row.fixture()).anyMatch(f -> f.function() != null)));
        return DynamicContainer.dynamicContainer(row.fixture(), log.toUri(), tests.stream());
    }

    private static void check(List<DynamicNode> tests, LabManifest.Row row, Report report, String fact,
                              Function<CrashReport, String> actual) {
        String expected = row.expected(fact);
        String name = fact + " = " + row.facts().get(fact);
        tests.add(DynamicTest.dynamicTest(name, () -> {
            String got = actual.apply(report.first());
            String known = row.knownFailures().get(fact);
            if (known != null) {
                if (Objects.equals(expected, got)) {
                    fail(row.fixture() + ": koops now gets " + fact + " right; remove 'xfail " + fact
                            + "' from manifest.tsv line " + row.line());
                }
                Assumptions.abort("known failure: " + known + " (expected " + show(expected) + ", koops says "
                        + show(got) + ")");
            }
            assertThat(got).as("%s of the first report in %s", fact, row.fixture()).isEqualTo(expected);
        }));
    }

    /** The manifest's file:line must be the statement the lab's source marks as faulting. */
    private static void checkSource(Path lab, LabManifest.Row row) throws IOException {
        String source = row.source();
        int colon = source.lastIndexOf(':');
        assertThat(colon).as("source %s is FILE:LINE", source).isPositive();
        String file = source.substring(0, colon);
        int line = Integer.parseInt(source.substring(colon + 1));
        if (!file.startsWith("lab/")) {
            return; // the kernel's own source: checked against the debug package by lab/check.sh
        }
        List<String> lines = Files.readAllLines(lab.resolveSibling(file), StandardCharsets.UTF_8);
        assertThat(line).as("line of %s", source).isBetween(1, lines.size());
        assertThat(lines.get(line - 1)).as("%s", source).contains(LAB_MARKER);
    }

    private static String culprit(CrashReport r, Function<Culprit, String> field) {
        Culprit c = r.diagnosis().culprit();
        return c == null ? null : field.apply(c);
    }

    private static String faultAddress(CrashReport r) {
        FaultInfo f = r.details().fault();
        return f == null || f.address() == null ? null : "0x" + Long.toHexString(f.address());
    }

    private static String show(String value) {
        return value == null ? "none" : "'" + value + "'";
    }

    static Path lab() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("lab/fixtures/manifest.tsv"))) {
                return dir.resolve("lab");
            }
        }
        Assumptions.abort("lab/fixtures/manifest.tsv not found above " + Path.of("").toAbsolutePath());
        return null;
    }

    private static Path fixturesDir(Path lab) {
        String override = System.getProperty("koops.lab.fixtures", "");
        return override.isBlank() ? lab.resolve("fixtures") : Path.of(override);
    }

    /** The fixture's analysis, made once for all its facts. */
    private static final class Report {
        private final Path log;
        private CrashReport first;

        Report(Path log) {
            this.log = log;
        }

        CrashReport first() throws IOException {
            if (first == null) {
                assertThat(log).as("fixture").isRegularFile();
                LogAnalysis analysis = Koops.create().analyze(log);
                assertThat(analysis.reports()).as("reports koops finds in %s", log).isNotEmpty();
                first = analysis.reports().get(0);
            }
            return first;
        }
    }
}
