package org.koops.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.koops.Koops;
import org.koops.model.CrashReport;

/**
 * syzkaller's {@code decompile/} cases: the report keeps the {@code Code:} line syzkaller decodes,
 * so that it can be disassembled.
 */
class CodeLinesKeptTest {
    @TestFactory
    Stream<DynamicTest> theReportKeepsItsCodeLine() throws IOException {
        Path dir = SharedFiles.require("corpus/syzkaller-linux/decompile");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(p -> p.toString().endsWith(".in")).sorted().forEach(files::add);
        }
        return files.stream().map(f -> DynamicTest.dynamicTest(dir.relativize(f).toString(), f.toUri(), () -> check(f)));
    }

    private static void check(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<CrashReport> reports = Koops.create().analyze(file).reports();
        assertThat(reports).as("reports").isNotEmpty();
        List<Long> kept = reports.stream().flatMap(r -> r.details().code().stream()).map(c -> c.line()).toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).stripLeading().startsWith("Code: ")) {
                assertThat(kept).as("Code: line %d", i + 1).contains((long) i + 1);
            }
        }
    }
}
