package org.koops.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.koops.Koops;
import org.koops.model.CrashReport;
import org.koops.model.Task;

/**
 * With a crash kernel loaded, the kernel's dump_stack_print_info() puts {@code Kdump: loaded} between the
 * command and the taint: it is part of neither (found on the crash lab's kdump consoles).
 */
class KdumpLoadedTest {
    private static final String LOG = """
            [    9.270666] Kernel panic - not syncing: sysrq triggered crash
            [    9.270889] CPU: 0 PID: 86 Comm: sh Kdump: loaded Not tainted 6.1.0-57-amd64 #1  Debian 6.1.192-3
            [    9.271171] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014
            [    9.271479] Call Trace:
            [    9.271578]  <TASK>
            [    9.271650]  dump_stack_lvl+0x44/0x5c
            [    9.271793]  panic+0x118/0x2ed
            [    9.271910]  sysrq_handle_crash+0x16/0x20
            [    9.272040]  </TASK>
            """;

    @Test
    void kdumpLoadedIsNeitherTheCommandNorTheTaint() {
        CrashReport r = Koops.create().withoutDisassembler().analyze("kdump.log", LOG).reports().get(0);
        Task task = r.details().task();
        assertThat(task.comm()).isEqualTo("sh");
        assertThat(task.pid()).isEqualTo(86);
        assertThat(task.taintText()).isNull();
        assertThat(task.release()).isEqualTo("6.1.0-57-amd64");
    }

    @Test
    void theTaintIsReadAfterIt() {
        String tainted = LOG.replace("Not tainted", "Tainted: G           OE     ");
        Task task = Koops.create().withoutDisassembler().analyze("kdump.log", tainted).reports().get(0).details().task();
        assertThat(task.comm()).isEqualTo("sh");
        assertThat(task.taintText()).contains("OE");
    }
}
