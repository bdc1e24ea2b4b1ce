package org.koops.disasm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.koops.model.Arch;
import org.koops.model.MemoryOperand;

class OperandParserTest {
    @Test
    void x86CapstoneAndObjdumpSyntax() {
        assertThat(OperandParser.parse(Arch.X86_64, "mov", "esi, dword ptr [rbx]"))
                .isEqualTo(new MemoryOperand("rbx", null, 1, 0, null, false));
        assertThat(OperandParser.parse(Arch.X86_64, "mov", "rax,QWORD PTR [rbx+rcx*8-0x10]"))
                .isEqualTo(new MemoryOperand("rbx", "rcx", 8, -0x10, null, false));
        assertThat(OperandParser.parse(Arch.X86_64, "mov", "qword ptr gs:[rax + 0x28], rdx"))
                .isEqualTo(new MemoryOperand("rax", null, 1, 0x28, "gs", false));
        assertThat(OperandParser.parse(Arch.X86_64, "mov", "rax,QWORD PTR gs:0x28"))
                .isEqualTo(new MemoryOperand(null, null, 1, 0x28, "gs", false));
        assertThat(OperandParser.parse(Arch.X86_64, "cmpb", "$0x0,(%rdx,%rax,1)")).isNull();
    }

    @Test
    void addressArithmeticAndHintsAccessNoMemory() {
        assertThat(OperandParser.parse(Arch.X86_64, "lea", "rdi, [rbx + 0x10]")).isNull();
        assertThat(OperandParser.parse(Arch.X86_64, "nop", "word ptr cs:[rax + rax]")).isNull();
        assertThat(OperandParser.parse(Arch.X86_64, "cs", "nop WORD PTR [rax+rax*1+0x0]")).isNull();
        assertThat(OperandParser.parse(Arch.X86_64, "lock", "mov QWORD PTR [rax+rbx*8+0x20],r10"))
                .isEqualTo(new MemoryOperand("rax", "rbx", 8, 0x20, null, false));
    }

    @Test
    void armAddressingModes() {
        assertThat(OperandParser.parse(Arch.ARM64, "ldr", "x0, [x0, #200]"))
                .isEqualTo(new MemoryOperand("x0", null, 1, 200, null, false));
        assertThat(OperandParser.parse(Arch.ARM64, "ldr", "w2, [x2, #0x10]"))
                .isEqualTo(new MemoryOperand("x2", null, 1, 0x10, null, false));
        assertThat(OperandParser.parse(Arch.ARM64, "ldr", "x1, [x1, x2, lsl #3]"))
                .isEqualTo(new MemoryOperand("x1", "x2", 8, 0, null, false));
        assertThat(OperandParser.parse(Arch.ARM64, "ldp", "x29, x30, [sp], #16"))
                .isEqualTo(new MemoryOperand("sp", null, 1, 16, null, true));
        assertThat(OperandParser.parse(Arch.ARM64, "stp", "x29, x30, [sp, #-32]!"))
                .isEqualTo(new MemoryOperand("sp", null, 1, -32, null, false));
        assertThat(OperandParser.parse(Arch.ARM, "str", "r4, [r3, #-32]"))
                .isEqualTo(new MemoryOperand("r3", null, 1, -32, null, false));
        assertThat(OperandParser.parse(Arch.ARM64, "add", "x1, x1, #0x10")).isNull();
    }

    @Test
    void riscvOffsetAndBase() {
        assertThat(OperandParser.parse(Arch.RISCV64, "ld", "a0, 8(a1)"))
                .isEqualTo(new MemoryOperand("a1", null, 1, 8, null, false));
        assertThat(OperandParser.parse(Arch.RISCV64, "sd", "ra, -16(sp)"))
                .isEqualTo(new MemoryOperand("sp", null, 1, -16, null, false));
    }
}
