package org.koops.disasm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading objdump's listing, without running objdump. */
class ObjdumpListingTest {
    @Test
    void instructionsCommentsAndTheCutEnd() {
        String listing = """

                /tmp/koops-code.bin:     file format binary


                Disassembly of section .data:

                0000000000000000 <.data>:
                   0:\t48 8b 05 84 10 00 00 \tmov    rax,QWORD PTR [rip+0x1084]        # 0x108b
                   7:\t2e 0f 1f 84 00 00 00 00 00 \tcs nop WORD PTR [rax+rax*1+0x0]
                  10:\t8b 33                \tmov    esi,DWORD PTR [rbx]
                  12:\t48                   \trex.W
                """;
        assertThat(ObjdumpDisassembler.parse(listing)).containsExactly(
                new Disassembler.RawInstruction(0, 7, "mov", "rax,QWORD PTR [rip+0x1084]"),
                new Disassembler.RawInstruction(7, 9, "cs", "nop WORD PTR [rax+rax*1+0x0]"),
                new Disassembler.RawInstruction(0x10, 2, "mov", "esi,DWORD PTR [rbx]"));
    }

    @Test
    void armCommentsAndBadBytes() {
        String listing = """
                   0:\td2bfd001 \tmov\tx1, #0xfe800000            \t// #4269801472
                   4:\te5034020 \tstr\tr4, [r3, #-32]\t@ 0xffffffe0
                   8:\tffffffff \t.inst\t0xffffffff ; undefined
                   c:\td503201f \tnop
                """;
        assertThat(ObjdumpDisassembler.parse(listing)).containsExactly(
                new Disassembler.RawInstruction(0, 4, "mov", "x1, #0xfe800000"),
                new Disassembler.RawInstruction(4, 4, "str", "r4, [r3, #-32]"));
    }
}
