package org.koops.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.koops.model.Arch;
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
                + " faulting address: RBX = 0x1 held the bad pointer; it is a NULL pointer plus a small offset.");
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
}
