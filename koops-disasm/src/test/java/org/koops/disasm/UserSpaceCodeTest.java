package org.koops.disasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.koops.Koops;
import org.koops.model.Disassembly;
import org.koops.model.FaultingCode;
import org.koops.model.Instruction;

/** The user-space {@code Code:} line after a trace is decoded beside the kernel's, at the user RIP's address. */
class UserSpaceCodeTest {
    private static final Path SAMPLE = Path.of("..", "samples", "null-deref-proc-read.log");

    @Test
    void theSampleWasInASystemCall() throws IOException {
        Backends.capstone();

        FaultingCode code = Koops.create().analyze(SAMPLE).reports().get(0).diagnosis().faultingCode();

        Disassembly user = code.userSpace();
        assertThat(user.line()).isEqualTo(50);
        assertThat(user.faultingInstruction().map(Instruction::address)).hasValue(0x7f3b2c8f819dL);
        assertThat(user.faultingInstruction().map(Instruction::text)).hasValue("cmp rax, -0x1000");
        assertThat(user.instructions().get(user.faulting() - 1).text()).isEqualTo("syscall");
        assertThat(code.disassembly().line()).isEqualTo(21);
    }

    @Test
    void unreadableUserCodeSaysWhy() {
        String log = """
                BUG: kernel NULL pointer dereference, address: 0000000000000010
                #PF: supervisor read access in kernel mode
                Oops: 0000 [#1] PREEMPT SMP NOPTI
                CPU: 1 PID: 4242 Comm: cat Tainted: G           OE      6.1.0-18-amd64 #1  Debian 6.1.76-1
                RIP: 0010:demo_show+0x1a/0x40 [koops_demo]
                Code: 41 54 53 48 8b 5f 70 49 89 fc <8b> 53 10 48 c7 c6
                RSP: 0018:ffffb4c2c0b3fd98 EFLAGS: 00010246
                RAX: 0000000000000000 RBX: 0000000000000000 RCX: 0000000000000000
                Call Trace:
                 <TASK>
                 seq_read_iter+0x11f/0x4a0
                 </TASK>
                RIP: 0033:0x7f3b2c8f819d
                Code: Unable to access opcode bytes at 0x7f3b2c8f8173.
                RSP: 002b:00007ffd7e0c0d08 EFLAGS: 00000246 ORIG_RAX: 0000000000000000
                """;

        FaultingCode code = Koops.create().analyze("test.log", log).reports().get(0).diagnosis().faultingCode();

        assertThat(code.userSpace().backend()).isNull();
        assertThat(code.userSpace().problem())
                .isEqualTo("the kernel printed no code: Unable to access opcode bytes at 0x7f3b2c8f8173.");
    }
}
