package org.koops.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The crash lab's whole dumps, in its cache ({@code $KOOPS_LAB_CACHE}, else {@code ~/.cache/koops-lab}):
 * each file of a {@code lab/kdump.sh} run gives makedumpfile's {@code --dump-dmesg} output of the same
 * dump byte for byte (which vmcore-dmesg's equals); each {@code lab/dump.sh} dump of qemu, which
 * makedumpfile 1.7.2 and vmcore-dmesg cannot read, holds every line of the serial console, in order
 * (x86_64 and arm64).
 * Skipped when the cache has no dumps.
 */
class LabDumpTest {
    private static Path cache() {
        String env = System.getenv("KOOPS_LAB_CACHE");
        return env != null ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "koops-lab");
    }

    private static String dmesg(Path file) throws IOException {
        try (Vmcore dump = Vmcore.open(file)) {
            Vmcore.Dmesg d = dump.dmesg();
            assertThat(d.problems()).as(file.toString()).isEmpty();
            return new String(d.text(), StandardCharsets.ISO_8859_1);
        }
    }

    @TestFactory
    List<DynamicTest> kdumpFilesGiveMakedumpfilesLog() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        Path arch = cache().resolve("x86_64");
        assumeTrue(Files.isDirectory(arch), "no crash lab cache at " + arch);
        try (Stream<Path> runs = Files.find(arch, 3, (p, a) -> p.getFileName().toString().equals("makedumpfile-dmesg.txt"))) {
            for (Path oracle : runs.sorted().toList()) {
                Path dir = oracle.getParent();
                String expected = Files.readString(oracle, StandardCharsets.ISO_8859_1);
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path dump : files.filter(p -> p.getFileName().toString().matches("vmcore|dump\\..*")).sorted().toList()) {
                        tests.add(DynamicTest.dynamicTest(arch.relativize(dump).toString(),
                                () -> assertThat(dmesg(dump)).isEqualTo(expected)));
                    }
                }
            }
        }
        assumeTrue(!tests.isEmpty(), "no lab/kdump.sh run in " + arch);
        return tests;
    }

    @TestFactory
    List<DynamicTest> qemuDumpsHoldTheConsole() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String arch : List.of("x86_64", "arm64")) {
            Path dumps = cache().resolve(arch).resolve("dumps");
            if (Files.isDirectory(dumps)) {
                addConsoleTests(dumps, tests);
            }
        }
        assumeTrue(!tests.isEmpty(), "no lab/dump.sh run in " + cache());
        return tests;
    }

    private static void addConsoleTests(Path dumps, List<DynamicTest> tests) throws IOException {
        try (Stream<Path> files = Files.list(dumps)) {
            for (Path dump : files.filter(p -> !p.toString().endsWith(".log")).sorted().toList()) {
                String name = dump.getFileName().toString();
                Path console = dumps.resolve(name.substring(0, name.lastIndexOf('.')) + ".log");
                tests.add(DynamicTest.dynamicTest(dumps.getParent().getFileName() + "/" + name, () -> {
                    List<String> log = List.of(dmesg(dump).split("\n"));
                    int at = 0;
                    for (String line : Files.readString(console, StandardCharsets.ISO_8859_1).replace("\r", "").split("\n")) {
                        int start = line.indexOf("[ ");
                        if (start < 0 || !line.substring(start).matches("\\[ *\\d+\\.\\d{6}\\] .*")) {
                            continue;
                        }
                        String kernel = line.substring(start);
                        while (at < log.size() && !log.get(at).equals(kernel)) {
                            at++;
                        }
                        assertThat(at).as("console line " + kernel + " in " + name).isLessThan(log.size());
                    }
                }));
            }
        }
    }
}
