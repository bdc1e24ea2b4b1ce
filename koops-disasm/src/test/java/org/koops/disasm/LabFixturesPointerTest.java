package org.koops.disasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.koops.Koops;
import org.koops.model.CrashReport;
import org.koops.model.PointerUse;

/**
 * The crash lab's memory faults: the faulting instruction's base register held the pointer the lab
 * module corrupted, and the offset is the member's offset in the module's structure
 * ({@code lab/modules/*.c}, {@code lab/fixtures/manifest.tsv}).
 */
class LabFixturesPointerTest {
    /** Scenario: the bad pointer the module dereferences and the offset of the member it accesses. */
    private static final Map<String, long[]> EXPECTED = Map.of(
            "proc-null-read", new long[] {0, 0x10},          // item->value, struct lab_item *item = NULL
            "oops-panic", new long[] {0, 0x10},              // the same module booted with oops=panic
            "init-null-write", new long[] {0, 0},            // *(int *)NULL = ...
            "inline-helper", new long[] {0, 8},              // lab_inline_len(): buf->len of a NULL buffer
            "timer-null", new long[] {0, 8},                 // stats->ticks of a NULL stats
            "gpf-non-canonical", new long[] {0x1bad1bad1bad1badL, 8},   // node->value through a corrupted pointer
            "uaf-poison", new long[] {0x6b6b6b6b6b6b6b6bL, 8});         // session->ops->version after kfree

    @TestFactory
    Stream<DynamicTest> baseRegisterAndOffset() {
        Backends.capstone();
        Path fixtures = Backends.labFixtures();
        Koops koops = Koops.create().withDisassembler(Disassemblers.installed());
        return Stream.of("x86_64", "arm64").flatMap(arch -> EXPECTED.entrySet().stream()
                .filter(e -> Files.exists(fixtures.resolve(arch).resolve(e.getKey() + ".log")))
                .sorted(Map.Entry.comparingByKey())
                .map(e -> DynamicTest.dynamicTest(arch + "/" + e.getKey(), () -> {
                    CrashReport r = koops.analyze(fixtures.resolve(arch).resolve(e.getKey() + ".log")).reports().get(0);
                    PointerUse p = r.diagnosis().faultingCode().pointer();
                    assertThat(p).as("pointer use of " + r.diagnosis().faultingCode().disassembly()).isNotNull();
                    assertThat(p.register()).isNotNull();
                    assertThat(p.registerValue()).as(p.statement()).isEqualTo(e.getValue()[0]);
                    assertThat(p.offset()).as(p.statement()).isEqualTo(e.getValue()[1]);
                    assertThat(p.agrees()).as(p.statement()).isNotEqualTo(Boolean.FALSE);
                })));
    }
}
