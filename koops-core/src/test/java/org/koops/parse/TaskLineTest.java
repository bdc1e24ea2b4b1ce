package org.koops.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.koops.Koops;
import org.koops.model.CrashReport;
import org.koops.model.Task;

/** The {@code CPU: ... PID: ... Comm:} line, in the forms kernels print it. */
class TaskLineTest {
    private static Task task(String cpuLine) {
        String log = "[  100.000001] BUG: kernel NULL pointer dereference, address: 0000000000000008\n"
                + "[  100.000002] Oops: 0000 [#1] PREEMPT SMP NOPTI\n"
                + "[  100.000003] " + cpuLine + "\n"
                + "[  100.000004] RIP: 0010:demo_show+0x12/0x40 [demo]\n"
                + "[  100.000005] Call Trace:\n"
                + "[  100.000006]  seq_read_iter+0x11f/0x4a0\n";
        CrashReport r = Koops.create().withoutDisassembler().analyze("task.log", log).reports().get(0);
        return r.details().task();
    }

    @Test
    void kdumpLoadedIsNotPartOfTheProcessName() {
        Task t = task("CPU: 3 PID: 2211 Comm: pipewire Kdump: loaded Tainted: G        W  OE      6.1.0-18-amd64 #1 Debian 6.1.76-1");
        assertThat(t.comm()).isEqualTo("pipewire");
        assertThat(t.pid()).isEqualTo(2211);
        assertThat(t.release()).isEqualTo("6.1.0-18-amd64");
        assertThat(task("CPU: 0 PID: 4952 Comm: bash Kdump: loaded Not tainted 5.4.0-0.rc6.git0.1.fc32.x86_64 #1").comm())
                .isEqualTo("bash");
    }

    @Test
    void aNameWithBlanksIsKept() {
        assertThat(task("CPU: 1 PID: 77 Comm: Web Content Not tainted 6.6.0 #1").comm()).isEqualTo("Web Content");
    }
}
