package org.koops.disasm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InstructionTextTest {
    @Test
    void capstoneAndObjdumpSpellingsAreTheSame() {
        assertThat(InstructionText.normalised("mov edx, dword ptr [rbx + 0x10]"))
                .isEqualTo(InstructionText.normalised("mov    edx,DWORD PTR [rbx+0x10]"))
                .isEqualTo("mov edx,dword ptr[rbx+0x10]");
        assertThat(InstructionText.normalised("mov rax, qword ptr [rbp - 8]"))
                .isEqualTo(InstructionText.normalised("mov rax,QWORD PTR [rbp-0x8]"));
        assertThat(InstructionText.normalised("ldr w2, [x2, #16]")).isEqualTo(InstructionText.normalised("ldr w2, [x2, #0x10]"));
    }

    @Test
    void registersAndHexNumbersAreLeftAlone() {
        assertThat(InstructionText.normalised("ldr x0, [x29, #0x28]")).isEqualTo("ldr x0,[x29,#0x28]");
        assertThat(InstructionText.normalised("movzx r12d, byte ptr [r8 + 0xff]")).isEqualTo("movzx r12d,byte ptr[r8+0xff]");
    }
}
