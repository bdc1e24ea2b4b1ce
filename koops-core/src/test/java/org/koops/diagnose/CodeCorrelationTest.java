package org.koops.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.koops.model.Arch;
import org.koops.model.Disassembly;
import org.koops.model.Kind;
import org.koops.model.Instruction;
import org.koops.model.MemoryOperand;
import org.koops.model.PointerUse;
import org.koops.model.Register;
import org.koops.model.RegisterDump;

class CodeCorrelationTest {
    private static RegisterDump dump(Object... nameValue) {
        List<Register> regs = new java.util.ArrayList<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            regs.add(new Register((String) nameValue[i], (Long) nameValue[i + 1], null, null, null));
        }
        return new RegisterDump(false, 20, regs);
    }

    private static Instruction insn(String mnemonic, String operands, MemoryOperand m) {
        return new Instruction(0x2a, null, "8b 33", mnemonic, operands, m);
    }

    @Test
    void x86BaseRegisterEqualsTheFaultAddress() {
        PointerUse p = CodeCorrelation.correlate(Arch.X86_64, insn("mov", "esi, dword ptr [rbx]",
                new MemoryOperand("rbx", null, 1, 0, null, false)), dump("RAX", 0x2dL, "RBX", 1L), 1L);
        assertThat(p.register()).isEqualTo("RBX");
        assertThat(p.agrees()).isTrue();
        assertThat(p.statement()).isEqualTo("The faulting instruction mov esi, dword ptr [rbx] accesses RBX = 0x1, the"
                + " faulting address: RBX = 0x1 held the bad pointer: 0x1 is SEQ_START_TOKEN.");
    }

    /** Seed 000's code: {@code test rbx,rbx; je; mov esi,[rbx]}, as Capstone and as objdump print it. */
    @Test
    void aPointerThatPassedANullTestIsNotNull() {
        for (String[] syntax : List.of(new String[] {"rbx, rbx", "0x148", "esi, dword ptr [rbx]"},
                new String[] {"rbx,rbx", "0x148", "esi,DWORD PTR [rbx]"})) {
            Disassembly code = new Disassembly(Arch.X86_64, "test", List.of(
                    new Instruction(0x1c, null, "e8 73 ce 23 e9", "call", "0xffffffffe923ce94", null),
                    new Instruction(0x21, null, "48 85 db", "test", syntax[0], null),
                    new Instruction(0x24, null, "0f 84 1e 01 00 00", "je", syntax[1], null),
                    new Instruction(0x2a, null, "8b 33", "mov", syntax[2], new MemoryOperand("rbx", null, 1, 0, null, false))),
                    3, 0, null, 42);
            PointerUse p = CodeCorrelation.correlate(Arch.X86_64, Kind.NULL_POINTER_DEREFERENCE, code,
                    code.instructions().get(3), dump("RBX", 1L), 1L);
            assertThat(p.statement()).contains("it had passed a NULL test just before (test " + syntax[0] + "; je 0x148), so "
                    + "it was not NULL: 0x1 is SEQ_START_TOKEN");
        }
    }

    @Test
    void aTestOfAnotherRegisterOrAWriteInBetweenIsNoNullTest() {
        Disassembly other = new Disassembly(Arch.X86_64, "test", List.of(
                new Instruction(0, null, "48 85 c0", "test", "rax, rax", null),
                new Instruction(3, null, "74 05", "je", "0xa", null),
                new Instruction(5, null, "8b 33", "mov", "esi, dword ptr [rbx]", new MemoryOperand("rbx", null, 1, 0, null, false))),
                2, 0, null, 42);
        assertThat(NullTest.before(Arch.X86_64, other, "rbx")).isEmpty();
        Disassembly written = new Disassembly(Arch.X86_64, "test", List.of(
                new Instruction(0, null, "48 85 db", "test", "rbx, rbx", null),
                new Instruction(3, null, "74 05", "je", "0xa", null),
                new Instruction(5, null, "48 8b 1b", "mov", "rbx, qword ptr [rbx]", null),
                new Instruction(8, null, "8b 33", "mov", "esi, dword ptr [rbx]", new MemoryOperand("rbx", null, 1, 0, null, false))),
                3, 0, null, 42);
        assertThat(NullTest.before(Arch.X86_64, written, "rbx")).isEmpty();
        Disassembly arm64 = new Disassembly(Arch.ARM64, "test", List.of(
                new Instruction(0, null, "b4000160", "cbz", "x0, #0x2c", null),
                new Instruction(4, null, "f9400801", "ldr", "x1, [x0, #16]", new MemoryOperand("x0", null, 1, 16, null, false))),
                1, 0, null, 42);
        assertThat(NullTest.before(Arch.ARM64, arm64, "x0")).isPresent();
    }

    @Test
    void aNegativeOffsetFromNullIsContainerOfNotErrPtr() {
        PointerUse p = CodeCorrelation.correlate(Arch.X86_64, insn("mov", "rax, qword ptr [rdi - 0x10]",
                new MemoryOperand("rdi", null, 1, -0x10, null, false)), dump("RDI", 0L), -0x10L);
        assertThat(p.agrees()).isTrue();
        assertThat(p.statement()).contains("it was NULL, and the access is 0x10 below it: container_of()")
                .doesNotContain("ERR_PTR");
    }

    @Test
    void anErrorCodeUsedAsAPointerIsNamed() {
        PointerUse p = CodeCorrelation.correlate(Arch.X86_64, insn("mov", "rax, qword ptr [rbx + 0x18]",
                new MemoryOperand("rbx", null, 1, 0x18, null, false)), dump("RBX", -12L), -12L + 0x18);
        assertThat(p.statement()).contains("ERR_PTR(-12)").contains("IS_ERR()").contains("0x18 is the offset");
    }

    @Test
    void aGsRelativeAccessIsPerCpuData() {
        PointerUse p = CodeCorrelation.correlate(Arch.X86_64, insn("mov", "rax, qword ptr gs:[0x28]",
                new MemoryOperand(null, null, 1, 0x28, "gs", false)), dump("GS", 0xffff8e7c3ce00000L), 0xffff8e7c3ce00028L);
        assertThat(p.effectiveAddress()).isEqualTo(0xffff8e7c3ce00028L);
        assertThat(p.agrees()).isTrue();
        assertThat(p.statement()).contains("per-CPU").contains("not a user address");
    }

    @Test
    void aSoftLockupsInstructionPointerIsNoFaultingAccess() {
        PointerUse p = CodeCorrelation.correlate(Arch.X86_64, Kind.SOFT_LOCKUP, null, insn("mov", "eax, dword ptr [rbx]",
                new MemoryOperand("rbx", null, 1, 0, null, false)), dump("RBX", 0xffff888004a3c000L), null);
        assertThat(p.statement()).startsWith("The CPU was at mov eax, dword ptr [rbx] when the report was taken, not at a "
                + "faulting access").contains("did not fault").doesNotContain("bad pointer");
    }

    @Test
    void aKasanShadowAddressIsTranslatedBack() {
        PointerUse p = CodeCorrelation.correlate(Arch.X86_64, insn("cmp", "byte ptr [rax + rdx], 0",
                new MemoryOperand("rax", "rdx", 1, 0, null, false)), dump("RAX", 0x2L, "RDX", 0xdffffc0000000000L), null);
        assertThat(p.statement()).contains("the pointer checked was NULL pointer + 0x10 [0x10-0x17]");
    }

    @Test
    void aThirtyTwoBitIndexAndScale() {
        PointerUse p = CodeCorrelation.correlate(Arch.X86_64, insn("mov", "rax, qword ptr [rdx + rcx*8 - 0x10]",
                new MemoryOperand("rdx", "ecx", 8, -0x10, null, false)),
                dump("RDX", 0x1000L, "RCX", 0xffff_ffff_0000_0002L), 0x1000L);
        assertThat(p.offset()).isEqualTo(0);
        assertThat(p.effectiveAddress()).isEqualTo(0x1000L);
        assertThat(p.agrees()).isTrue();
    }

    @Test
    void arm64MissingBaseRegisterGivesThePointerFromTheFaultAddress() {
        PointerUse p = CodeCorrelation.correlate(Arch.ARM64, insn("ldr", "x0, [x0, #200]",
                new MemoryOperand("x0", null, 1, 200, null, false)), dump("x21", 0L), 0x000232bfa8c17cc5L);
        assertThat(p.effectiveAddress()).isNull();
        assertThat(p.statement()).isEqualTo("The faulting instruction ldr x0, [x0, #200] accesses x0 + 0xc8; the report"
                + " does not show x0, so the bad pointer in x0 was the faulting address minus 0xc8: 0x232bfa8c17bfd.");
    }

    @Test
    void arm64TagByteIsIgnored() {
        PointerUse p = CodeCorrelation.correlate(Arch.ARM64, insn("ldr", "w2, [x2, #8]",
                new MemoryOperand("x2", null, 1, 8, null, false)), dump("x2", 0x6b6b6b6b6b6b6b6bL), 0x006b6b6b6b6b6b73L);
        assertThat(p.agrees()).isTrue();
        assertThat(p.statement()).contains("POISON_FREE");
    }

    @Test
    void withoutAFaultAddressTheInstructionGivesIt() {
        PointerUse p = CodeCorrelation.correlate(Arch.X86_64, insn("mov", "rax, qword ptr [rax + 8]",
                new MemoryOperand("rax", null, 1, 8, null, false)), dump("RAX", 0x1bad1bad1bad1badL), null);
        assertThat(p.agrees()).isNull();
        assertThat(p.effectiveAddress()).isEqualTo(0x1bad1bad1bad1bb5L);
        assertThat(p.statement()).contains("the CPU did not report the faulting address, so this is it: a non-canonical address");
    }

    @Test
    void aDifferentAddressIsSaid() {
        PointerUse p = CodeCorrelation.correlate(Arch.X86_64, insn("mov", "rax, qword ptr [rbx + 8]",
                new MemoryOperand("rbx", null, 1, 8, null, false)), dump("RBX", 0x100L), 0x5000L);
        assertThat(p.agrees()).isFalse();
        assertThat(p.statement()).contains("not the faulting address 0x5000");
    }

    @Test
    void arm32PointersAreReadIn32BitsAndNotCalledUserSpaceAboveEverySplit() {
        PointerUse p = CodeCorrelation.correlate(Arch.ARM, insn("str", "r4, [r3, #-0x20]",
                new MemoryOperand("r3", null, 1, -0x20, null, false)), dump("r3", 0xe03c4020L), 0xe03c4000L);
        assertThat(p.agrees()).isTrue();
        assertThat(p.statement()).isEqualTo("The faulting instruction str r4, [r3, #-0x20] accesses r3 - 0x20 = 0xe03c4000,"
                + " the faulting address: r3 = 0xe03c4020 held the bad pointer; it is a kernel address, and -0x20 is the"
                + " offset of the field accessed.");
    }

    @Test
    void aLow32BitPointerBelowMmapMinAddrIsNullPlusAnOffset() {
        PointerUse p = CodeCorrelation.correlate(Arch.X86, insn("mov", "eax, dword ptr [ebx + 0x2000]",
                new MemoryOperand("ebx", null, 1, 0x2000, null, false)), dump("EBX", 0L), 0x2000L);
        assertThat(p.statement()).contains("EBX = 0x0 held the bad pointer; it was NULL, and 0x2000 is the offset");
        assertThat(org.koops.decode.ArchAddresses.classify(Arch.ARM, 0x2000_0000L).kind())
                .isEqualTo(org.koops.decode.AddressClass.USER);
        assertThat(org.koops.decode.ArchAddresses.classify(Arch.ARM, 0x8000_0000L).kind())
                .isEqualTo(org.koops.decode.AddressClass.SPLIT_DEPENDENT);
        assertThat(org.koops.decode.ArchAddresses.classify(Arch.ARM, 0xffff_fff2L).kind())
                .isEqualTo(org.koops.decode.AddressClass.ERR_PTR);
        assertThat(org.koops.decode.ArchAddresses.classify(Arch.ARM, 0x8000L).offset()).isEqualTo(0x8000L);
    }

    /**
     * KASAN's check {@code cmp byte ptr [rcx + r8], 0} reads the shadow of the pointer: its registers hold the pointer
     * shifted right by 3 and the shadow offset, so RCX = 0x1 is no SEQ_START_TOKEN and no bad pointer.
     */
    @Test
    void aKasanShadowCheckIsShiftedBackBeforeAnythingIsSaidOfIt() {
        PointerUse p = CodeCorrelation.correlate(Arch.X86_64, Kind.GENERAL_PROTECTION_FAULT, null,
                insn("cmp", "byte ptr [rcx + r8], 0", new MemoryOperand("rcx", "r8", 1, 0, null, false)),
                dump("RCX", 1L, "R08", 0xdffffc0000000000L), null);
        assertThat(p.statement()).contains("is KASAN's check before an access, not the access itself")
                .contains("the pointer checked was NULL pointer + 0x8 [0x8-0xf]")
                .contains("RCX = 0x1 is the checked pointer shifted right by 3")
                .contains("R08 = 0xdffffc0000000000 is the shadow offset")
                .doesNotContain("SEQ_START_TOKEN").doesNotContain("offset of the field");
        PointerUse folded = CodeCorrelation.correlate(Arch.X86_64, Kind.GENERAL_PROTECTION_FAULT, null,
                insn("cmp", "byte ptr [rax + 4], 0", new MemoryOperand("rax", null, 1, 4, null, false)),
                dump("RAX", 0xdffffc0000000000L), 0xdffffc0000000004L);
        assertThat(folded.statement()).contains("the faulting address").contains("NULL pointer + 0x20 [0x20-0x27]")
                .doesNotContain("held the bad pointer").doesNotContain("0x4 is the offset");
    }
}
