package org.koops.disasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.koops.model.Arch;
import org.koops.model.CodeBytes;
import org.koops.model.Disassembly;
import org.koops.model.Instruction;
import org.koops.parse.CodeParser;

/** Each backend on Code: lines of the crash lab's consoles, and the resynchronisation of a cut first instruction. */
class CodeDecoderTest {
    /** x86_64 gpf-non-canonical: {@code mov rax, [rax+8]} through the corrupted pointer. */
    private static final String X86 = "Code: 0f 1f 44 00 00 48 8b 05 84 10 00 00 <48> 8b 40 08 48 89 05 59 23 00 00 c3 cc";
    /** The same bytes cut one byte into the first instruction: decoding from the first byte runs through the marker. */
    private static final String X86_CUT = "Code: c7 48 8b 05 84 10 00 00 <48> 8b 40 08 48 89 05 59 23 00 00 c3";
    /** arm64 proc-null-read: {@code ldr w2, [x2, #0x10]}. */
    private static final String ARM64 = "Code: b0000001 91004021 910003fd f9401042 (b9401042)";

    @Test
    void capstoneX86() {
        Disassembly d = decode(Backends.capstone(), Arch.X86_64, X86);
        assertThat(d.backend()).startsWith("capstone 4.");
        assertThat(texts(d)).containsExactly("nop dword ptr [rax + rax]", "mov rax, qword ptr [rip + 0x1084]",
                "*mov rax, qword ptr [rax + 8]", "mov qword ptr [rip + 0x2359], rax", "ret", "int3");
        assertThat(d.faultingInstruction().orElseThrow().hex()).isEqualTo("48 8b 40 08");
        assertThat(d.faultingInstruction().orElseThrow().address()).isEqualTo(0xffffffffc0201000L);
    }

    @Test
    void objdumpX86() {
        Disassembly d = decode(Backends.objdump(), Arch.X86_64, X86);
        assertThat(d.backend()).startsWith("objdump");
        assertThat(texts(d)).containsExactly("nop DWORD PTR [rax+rax*1+0x0]", "mov rax,QWORD PTR [rip+0x1084]",
                "*mov rax,QWORD PTR [rax+0x8]", "mov QWORD PTR [rip+0x2359],rax", "ret", "int3");
    }

    @Test
    void aCutFirstInstructionIsSkipped() {
        for (Disassembler backend : List.of(Backends.capstone(), Backends.objdump())) {
            Disassembly d = decode(backend, Arch.X86_64, X86_CUT);
            assertThat(d.skipped()).as(backend.name()).isEqualTo(1);
            assertThat(d.instructions().get(0).offset()).isEqualTo(1);
            assertThat(d.faultingInstruction().orElseThrow().offset()).isEqualTo(8);
            assertThat(d.problem()).isNull();
        }
    }

    @Test
    void arm64BothBackends() {
        Disassembly c = decode(Backends.capstone(), Arch.ARM64, ARM64);
        assertThat(texts(c)).containsExactly("adrp x1, #0x1000", "add x1, x1, #0x10", "mov x29, sp",
                "ldr x2, [x2, #0x20]", "*ldr w2, [x2, #0x10]");
        assertThat(c.faultingInstruction().orElseThrow().hex()).isEqualTo("b9401042");
        Disassembler objdump = Backends.objdump();
        org.junit.jupiter.api.Assumptions.assumeTrue(objdump.supports(Arch.ARM64, 4),
                "skipped: no installed objdump decodes arm64 (binutils-aarch64-linux-gnu or binutils-multiarch)");
        Disassembly o = decode(objdump, Arch.ARM64, ARM64);
        assertThat(o.faultingInstruction().orElseThrow().text()).isEqualTo("ldr w2, [x2, #16]");
        assertThat(o.faultingInstruction().orElseThrow().memory()).isEqualTo(c.faultingInstruction().orElseThrow().memory());
    }

    @Test
    void noBackendSaysWhatToInstall() {
        CodeDecoder none = new CodeDecoder(List.of(), "no disassembler is installed: install libcapstone4 or binutils");
        Disassembly d = none.disassemble(Arch.X86_64, parse(X86), null);
        assertThat(d.instructions()).isEmpty();
        assertThat(d.problem()).isEqualTo("no disassembler is installed: install libcapstone4 or binutils");
    }

    @Test
    void unreadableCodeIsSaid() {
        CodeBytes code = parse("Code: Unable to access opcode bytes at 0xffffffffc0201000.");
        Disassembly d = Disassemblers.installed().disassemble(Arch.X86_64, code, null);
        assertThat(d.problem()).isEqualTo("the kernel printed no code: Unable to access opcode bytes at 0xffffffffc0201000.");
    }

    @Test
    void riscvIsNotCapstone4() {
        assertThat(Backends.capstone().supports(Arch.RISCV64, 2)).isFalse();
    }

    private static Disassembly decode(Disassembler backend, Arch arch, String line) {
        return Disassemblers.using(List.of(backend)).disassemble(arch, parse(line), 0xffffffffc0201000L);
    }

    private static CodeBytes parse(String line) {
        return CodeParser.parse(line, new ArrayList<>());
    }

    private static List<String> texts(Disassembly d) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < d.instructions().size(); i++) {
            Instruction insn = d.instructions().get(i);
            out.add((i == d.faulting() ? "*" : "") + insn.text());
        }
        return out;
    }
}
