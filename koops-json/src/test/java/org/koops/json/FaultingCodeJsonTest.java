package org.koops.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.koops.model.Arch;
import org.koops.model.Disassembly;
import org.koops.model.FaultingCode;
import org.koops.model.Instruction;
import org.koops.model.MemoryOperand;
import org.koops.model.PointerUse;

class FaultingCodeJsonTest {
    @Test
    void disassemblyAndPointerAsDocumented() {
        Instruction test = new Instruction(0x27, null, "48 85 db", "test", "rbx, rbx", null);
        Instruction mov = new Instruction(0x2a, 0xffffffffc0a0006aL, "8b 33", "mov", "esi, dword ptr [rbx]",
                new MemoryOperand("rbx", null, 1, 0, null, false));
        Disassembly d = new Disassembly(Arch.X86_64, "capstone 4.0", List.of(test, mov), 1, 0, null, 21);
        PointerUse p = new PointerUse("mov esi, dword ptr [rbx]", "RBX", 1L, 0, 1L, 1L, true, "RBX held the bad pointer.");

        String json = ReportJson.toLine(ReportJson.create().faultingCode(new FaultingCode(d, p)));

        assertThat(json).isEqualTo("{\"disassembly\":{\"arch\":\"x86_64\",\"backend\":\"capstone 4.0\",\"line\":21,"
                + "\"skipped\":0,\"problem\":null,\"faulting\":1,\"instructions\":["
                + "{\"offset\":39,\"address\":null,\"bytes\":\"48 85 db\",\"mnemonic\":\"test\",\"operands\":\"rbx, rbx\",\"memory\":null},"
                + "{\"offset\":42,\"address\":\"0xffffffffc0a0006a\",\"bytes\":\"8b 33\",\"mnemonic\":\"mov\","
                + "\"operands\":\"esi, dword ptr [rbx]\",\"memory\":{\"base\":\"rbx\",\"index\":null,\"scale\":1,"
                + "\"displacement\":0,\"segment\":null,\"postIndexed\":false}}]},"
                + "\"pointer\":{\"instruction\":\"mov esi, dword ptr [rbx]\",\"register\":\"RBX\",\"registerValue\":\"0x1\","
                + "\"offset\":0,\"effectiveAddress\":\"0x1\",\"faultAddress\":\"0x1\",\"agrees\":true,"
                + "\"statement\":\"RBX held the bad pointer.\"},\"userSpace\":null}");
    }

    @Test
    void nothingDecoded() {
        Disassembly d = Disassembly.unavailable(Arch.ARM64, "no disassembler is installed", 7);
        Disassembly user = Disassembly.unavailable(Arch.ARM64, "no disassembler is installed", 30);

        String json = ReportJson.toLine(ReportJson.create().faultingCode(new FaultingCode(d, null, user)));

        assertThat(json).isEqualTo("{\"disassembly\":{\"arch\":\"arm64\",\"backend\":null,\"line\":7,\"skipped\":0,"
                + "\"problem\":\"no disassembler is installed\",\"faulting\":null,\"instructions\":[]},\"pointer\":null,"
                + "\"userSpace\":{\"arch\":\"arm64\",\"backend\":null,\"line\":30,\"skipped\":0,"
                + "\"problem\":\"no disassembler is installed\",\"faulting\":null,\"instructions\":[]}}");
    }
}
