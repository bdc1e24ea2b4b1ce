package org.koops.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.koops.Koops;
import org.koops.model.CrashReport;
import org.koops.model.LogAnalysis;

/**
 * Feeds damaged copies of the fixture logs to the library: bytes flipped, lines dropped, doubled
 * or cut, numbers blown up. Nothing may throw, and every report must keep its invariants.
 */
class DamagedLogsTest {
    private static final int MUTANTS_PER_FIXTURE = 40;
    private static final List<String> FIXTURES = List.of("arm64-null-deref-probe.log", "x86-gpf-list-poison.log",
            "x86-kasan-slab-uaf.log", "x86-null-deref-timer-irq-panic.log", "x86-sysrq-crash-6.1.log",
            "x86-hung-task-mutex.log", "x86-oom-kill.log", "x86-refcount-underflow.log");

    @TestFactory
    Stream<DynamicTest> damagedFixturesNeverThrow() {
        return FIXTURES.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            String original = read(name);
            Random random = new Random(name.hashCode());
            for (int i = 0; i < MUTANTS_PER_FIXTURE; i++) {
                byte[] mutant = mutate(original, random);
                LogAnalysis a = Koops.create().analyze(name, new java.io.ByteArrayInputStream(mutant));
                for (CrashReport r : a.reports()) {
                    assertThat(r.startLine()).isLessThanOrEqualTo(r.endLine());
                    assertThat(r.startOffset()).isLessThan(r.endOffset());
                    assertThat(r.endOffset()).isLessThanOrEqualTo(mutant.length);
                    assertThat(r.title()).isNotBlank();
                }
            }
        }));
    }

    private static String read(String name) throws IOException {
        try (InputStream in = DamagedLogsTest.class.getResourceAsStream("/fixtures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static byte[] mutate(String log, Random random) {
        List<String> lines = new ArrayList<>(List.of(log.split("\n", -1)));
        for (int k = 1 + random.nextInt(6); k > 0; k--) {
            int at = random.nextInt(lines.size());
            String line = lines.get(at);
            switch (random.nextInt(6)) {
                case 0 -> lines.remove(at);
                case 1 -> lines.add(at, line);
                case 2 -> lines.set(at, line.substring(0, random.nextInt(line.length() + 1)));
                case 3 -> lines.set(at, line.replaceAll("[0-9a-f]{2,}", "9".repeat(25)));
                case 4 -> lines.set(at, line + "\u0000\u00ff garbage " + "x".repeat(random.nextInt(3000)));
                default -> lines.add(at, lines.get(random.nextInt(lines.size())));
            }
            if (lines.isEmpty()) {
                lines.add("");
            }
        }
        byte[] bytes = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0 && random.nextBoolean()) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        return bytes;
    }
}
