package org.koops.disasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.koops.Koops;
import org.koops.debuginfo.AccessNamer;
import org.koops.debuginfo.MemberAccess;
import org.koops.model.Arch;
import org.koops.model.CrashReport;
import org.koops.model.Frame;
import org.koops.model.Instruction;
import org.koops.model.Register;

/**
 * What the crash lab's faulting instructions accessed, named from its modules' DWARF
 * ({@code ~/.cache/koops-lab/ARCH/modules}, built with -g from {@code lab/modules/*.c}; skipped
 * without it), and which earlier load of the base register an access is named through.
 */
class FaultingAccessTest {
    private static final Path CACHE = Path.of(System.getenv().getOrDefault("KOOPS_LAB_CACHE",
            System.getProperty("user.home") + "/.cache/koops-lab"));
    /** Console, module, the access as the module's source writes it. */
    private static final Map<String, String[]> EXPECTED = Map.of(
            "proc-null-read", new String[] {"lab_proc_null", "item->value"},
            "inline-helper", new String[] {"lab_inline", "header->len"},
            "timer-null", new String[] {"lab_timer", "stats->ticks"},
            "gpf-non-canonical", new String[] {"lab_gpf", "node->value"},
            "uaf-poison", new String[] {"lab_uaf", "s->ops->version"},
            "init-null-write", new String[] {"lab_init_null", "*count"});

    @TestFactory
    Stream<DynamicTest> theCrashLabsAccessesAreNamed() {
        Path fixtures = Backends.labFixtures();
        Koops koops = Koops.create().withDisassembler(Disassemblers.installed());
        return Stream.of("x86_64", "arm64").flatMap(arch -> EXPECTED.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> DynamicTest.dynamicTest(arch + "/" + e.getKey(), () -> {
                    Path log = fixtures.resolve(arch).resolve(e.getKey() + ".log");
                    Path ko = CACHE.resolve(arch + "/modules/" + e.getValue()[0] + ".ko");
                    Assumptions.assumeTrue(Files.exists(log) && Files.exists(ko), "no " + ko + ": run lab/check.sh " + arch);
                    Assumptions.assumeFalse(Disassemblers.installed().backends().isEmpty(), "no disassembler is installed");
                    CrashReport r = koops.analyze(log).reports().get(0);
                    Frame ip = r.details().kernelRegisters().flatMap(d -> d.registers().stream()
                            .filter(x -> x.symbol() != null && List.of("RIP", "pc").contains(x.name()))
                            .map(Register::symbol).findFirst()).orElseThrow();
                    try (AccessNamer namer = AccessNamer.open(ko)) {
                        MemberAccess a = FaultingAccess.name(namer, r.arch(), ip.function(), ip.offset(),
                                r.diagnosis().faultingCode());
                        assertThat(a).isNotNull();
                        assertThat(a.expression()).as(a.statement()).isEqualTo(e.getValue()[1]);
                    }
                })));
    }

    private static Instruction insn(int offset, String mnemonic, String operands) {
        return new Instruction(offset, null, "90", mnemonic, operands,
                OperandParser.parse(Arch.X86_64, mnemonic, operands));
    }

    @Test
    void theLoadOfTheBaseRegisterIsTheLastWriteOnAStraightLine() {
        List<Instruction> code = List.of(
                insn(0, "mov", "rax, qword ptr [rbx]"),
                insn(3, "mov", "rdi, rbp"),
                insn(6, "cmp", "rax, 1"),
                insn(10, "mov", "edx, dword ptr [rax + 8]"));
        assertThat(FaultingAccess.loadOf(Arch.X86_64, code, 3, "rax")).isEqualTo(code.get(0));
    }

    @Test
    void noLoadIsTakenPastACallAJumpOrAPartialWrite() {
        Instruction load = insn(0, "mov", "rax, qword ptr [rbx]");
        Instruction use = insn(9, "mov", "edx, dword ptr [rax + 8]");
        assertThat(FaultingAccess.loadOf(Arch.X86_64, List.of(load, insn(3, "call", "0x10"), use), 2, "rax")).isNull();
        assertThat(FaultingAccess.loadOf(Arch.X86_64, List.of(load, insn(3, "jne", "0x10"), use), 2, "rax")).isNull();
        assertThat(FaultingAccess.loadOf(Arch.X86_64, List.of(load, insn(3, "mov", "eax, 1"), use), 2, "rax")).isNull();
        assertThat(FaultingAccess.loadOf(Arch.X86_64, List.of(insn(0, "mov", "eax, dword ptr [rbx]"), use), 1, "rax")).isNull();
        assertThat(FaultingAccess.loadOf(Arch.X86_64, List.of(insn(0, "mov", "rax, qword ptr gs:[rbx]"), use), 1, "rax"))
                .isNull();
        assertThat(FaultingAccess.loadOf(Arch.X86_64, List.of(insn(0, "mov", "rax, rbx"), use), 1, "rax")).isNull();
    }
}
