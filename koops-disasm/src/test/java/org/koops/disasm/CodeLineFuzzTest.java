package org.koops.disasm;

import java.util.List;
import java.util.Locale;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.koops.AnalysisInvariants;
import org.koops.Koops;

/**
 * A report whose {@code Code:} line, registers and fault address the fuzzer chooses, analysed with the Code:
 * bytes decoded by Capstone: the line's parsing, Capstone's decoding (x86-64, arm64, arm and Thumb), the
 * resynchronisation on the marked byte, the memory operand's reading and its comparison with the registers,
 * under the analysis's invariants. Needs Capstone 4 (skipped without it). Replayed from
 * {@code CodeLineFuzzTestInputs/} in every test run; fuzzed with {@code mvn -Pfuzz}.
 */
class CodeLineFuzzTest {
    /** A report head per architecture: its registers and its Code: line's unit, in the kernel's layout. */
    private enum Shape {
        X86_64(1, """
                BUG: unable to handle page fault for address: %1$016x
                #PF: supervisor read access in kernel mode
                Oops: 0000 [#1] PREEMPT SMP NOPTI
                CPU: 0 PID: 1 Comm: cat Not tainted 6.1.0-27-amd64 #1
                RIP: 0010:demo_show+0x15/0x40 [koops_demo]
                Code: %3$s
                RSP: 0018:ffffb4e0c1c8fd48 EFLAGS: 00010246
                RAX: %2$016x RBX: %4$016x RCX: 0000000000000000
                RDX: %5$016x RSI: %6$016x RDI: %7$016x
                CR2: %1$016x CR3: 000000010a2b4000 CR4: 00000000003506f0
                """),
        ARM64(4, """
                Unable to handle kernel paging request at virtual address %1$016x
                Mem abort info:
                  ESR = 0x0000000096000004
                Internal error: Oops: 0000000096000004 [#1] PREEMPT SMP
                CPU: 0 PID: 1 Comm: insmod Not tainted 6.1.0-27-arm64 #1
                pc : demo_init+0x20/0x1000 [koops_demo]
                lr : do_one_initcall+0x4c/0x2a0
                sp : ffff80000a3cbb40
                x29: ffff80000a3cbb40 x28: 0000000000000000 x27: %2$016x
                x5 : %4$016x x4 : %5$016x x3 : %6$016x
                x2 : %7$016x x1 : 0000000000000000 x0 : %2$016x
                Code: %3$s
                """),
        ARM(4, """
                Unable to handle kernel paging request at virtual address %1$08x
                Internal error: Oops: 17 [#1] SMP ARM
                CPU: 0 PID: 1 Comm: insmod Not tainted 6.1.0-27-armmp #1
                PC is at demo_init+0x20/0x1000 [koops_demo]
                LR is at do_one_initcall+0x4c/0x2a0
                pc : [<c0a1b2c4>]    lr : [<c0101234>]    psr: 60000013
                r3 : %2$08x  r2 : %4$08x  r1 : %5$08x  r0 : %6$08x
                Code: %3$s
                """),
        THUMB(2, ARM.template);

        final int unit;
        final String template;

        Shape(int unit, String template) {
            this.unit = unit;
            this.template = template;
        }
    }

    private static final Koops KOOPS;

    static {
        Koops koops = null;
        if (Disassemblers.capstone().isPresent()) {
            koops = Koops.create().withDisassembler(Disassemblers.using(List.of(Disassemblers.capstone().get())));
            AnalysisInvariants.warmUp(koops);
        }
        KOOPS = koops;
    }

    /** Skips the class without Capstone: an assumption failing inside the fuzz target would count as a finding. */
    @BeforeAll
    static void needsCapstone() {
        Assumptions.assumeTrue(KOOPS != null, () -> "skipped: " + Disassemblers.capstoneProblem());
    }

    @FuzzTest
    void codeLine(FuzzedDataProvider data) {
        Shape shape = data.pickValue(Shape.values());
        long fault = data.consumeLong();
        long[] registers = {data.consumeLong(), data.consumeLong(), data.consumeLong(), data.consumeLong(), data.consumeLong()};
        byte[] code = data.consumeRemainingAsBytes();
        int marked = code.length == 0 ? 0 : Math.floorMod(registers[0], code.length / shape.unit + 1);
        String line = codeLine(code, shape, marked);
        String report = String.format(Locale.ROOT, shape.template, fault, registers[0], line, registers[1], registers[2],
                registers[3], registers[4]);
        AnalysisInvariants.analyze(KOOPS, report.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /** The bytes as the kernel prints them: units in hex, the marked one in {@code <>} (Thumb: {@code ()}). */
    private static String codeLine(byte[] code, Shape shape, int marked) {
        StringBuilder s = new StringBuilder();
        for (int unit = 0; unit * shape.unit < code.length; unit++) {
            long value = 0;
            for (int b = Math.min(code.length, (unit + 1) * shape.unit) - 1; b >= unit * shape.unit; b--) {
                value = value << 8 | code[b] & 0xff;
            }
            String hex = String.format("%0" + 2 * shape.unit + "x", value);
            if (s.length() > 0) {
                s.append(' ');
            }
            s.append(unit != marked ? hex : shape == Shape.THUMB ? "(" + hex + ")" : "<" + hex + ">");
        }
        return s.toString();
    }
}
