package org.koops.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.koops.Koops;
import org.koops.model.CrashReport;
import org.koops.model.Taint;
import org.koops.model.Task;

/**
 * The task line in the forms kernels print it ({@code CPU: ... PID: ... Comm:}, the older {@code Pid: ..., comm:}),
 * and the lines that name only the kernel: its release and taint reach the report's task.
 */
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

    private static Task analyzed(String log) {
        return Koops.create().withoutDisassembler().analyze("task.log", log).reports().get(0).details().task();
    }

    @Test
    void theOldPidLineGivesTaskReleaseTaintAndMachine() {
        String log = """
                [  812.431007] kernel BUG at drivers/demo/demo.c:212!
                [  812.431012] invalid opcode: 0000 [#1] SMP
                [  812.431015] Modules linked in: demo(PO) e1000e
                [  812.431019] CPU 1
                [  812.431021] Pid: 4711, comm: demo-worker Tainted: P           O 3.6.1-1.fc17.x86_64 #1 LENOVO 2356BG6/2356BG6
                [  812.431024] RIP: 0010:[<ffffffffa0525326>]  [<ffffffffa0525326>] demo_ioctl+0x4/0x6 [demo]
                [  812.431030] Call Trace:
                [  812.431032]  [<ffffffff811a1b2c>] do_vfs_ioctl+0x2e8/0x530
                """;
        Task t = analyzed(log);
        assertThat(t.comm()).isEqualTo("demo-worker");
        assertThat(t.pid()).isEqualTo(4711);
        assertThat(t.cpu()).isNull();
        assertThat(t.release()).isEqualTo("3.6.1-1.fc17.x86_64");
        assertThat(t.build()).isEqualTo("#1");
        assertThat(t.taints()).extracting(Taint::letter).containsExactly('P', 'O');
        CrashReport r = Koops.create().withoutDisassembler().analyze("task.log", log).reports().get(0);
        assertThat(r.details().hardware()).isEqualTo("LENOVO 2356BG6/2356BG6");
        assertThat(r.details().modules().modules()).extracting(m -> m.name()).containsExactly("demo", "e1000e");
    }

    @Test
    void notTaintedOldPidLinesAndTheParenthesisedOneOf32BitX86() {
        Task t = task("Pid: 3, comm: ksoftirqd/0 Not tainted 3.3.7-1.fc16.x86_64 #1");
        assertThat(t.release()).isEqualTo("3.3.7-1.fc16.x86_64");
        assertThat(t.taintText()).isNull();
        Task old = task("Pid: 2210, comm: Xorg Not tainted (2.6.27.5-117.fc10.i686 #1)");
        assertThat(old.comm()).isEqualTo("Xorg");
        assertThat(old.release()).isEqualTo("2.6.27.5-117.fc10.i686");
        assertThat(old.build()).isEqualTo("#1");
    }

    @Test
    void rhelPrintsItsOwnFlagsAsDashes() {
        Task t = task("CPU: 2 PID: 901 Comm: insmod Tainted: GF          O--------------   3.10.0-123.el7.s390x #1");
        assertThat(t.release()).isEqualTo("3.10.0-123.el7.s390x");
        assertThat(t.taints()).extracting(Taint::letter).containsExactly('G', 'F', 'O');
        Task collapsed = task("CPU: 0 PID: 12 Comm: kworker/0:1 Tainted: G W -------------- 3.10.0-99.el7.ppc64 #1");
        assertThat(collapsed.taints()).extracting(Taint::letter).containsExactly('G', 'W');
    }

    @Test
    void lockdepNamesTheKernelOnALineOfItsOwn() {
        Task t = analyzed("""
                =============================================
                [ INFO: possible recursive locking detected ]
                3.5.0-rc2-demo+ #14 Tainted: G        W
                ---------------------------------------------
                demo/88 is trying to acquire lock:
                 (&demo->lock){+.+...}, at: [<c02f1a2c>] demo_lock+0x18/0x40

                but task is already holding lock:
                 (&demo->lock){+.+...}, at: [<c02f1a2c>] demo_lock+0x18/0x40

                stack backtrace:
                [<c0014990>] (unwind_backtrace+0x0/0xf4) from [<c005ccb8>] (__lock_acquire+0x14f8/0x1b98)
                [<c005ccb8>] (__lock_acquire+0x14f8/0x1b98) from [<c02f1a2c>] (demo_lock+0x18/0x40)
                """);
        assertThat(t.named()).isFalse();
        assertThat(t.release()).isEqualTo("3.5.0-rc2-demo+");
        assertThat(t.build()).isEqualTo("#14");
        assertThat(t.taints()).extracting(Taint::letter).containsExactly('G', 'W');
        assertThat(t.tainted()).isTrue();
    }

    @Test
    void aHungTaskGetsTheReleaseOfTheLineAfterIt() {
        Task t = analyzed("""
                INFO: task demo-sync:812 blocked for more than 122 seconds.
                      Tainted: G           OE      6.1.0-57-amd64 #1 Debian 6.1.158-1
                "echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.
                task:demo-sync       state:D stack:0     pid:812   ppid:1      flags:0x00004002
                Call Trace:
                 <TASK>
                 __schedule+0x34d/0x9e0
                 schedule+0x5a/0xd0
                 demo_wait+0x44/0x90 [demo]
                 </TASK>
                """);
        assertThat(t.comm()).isEqualTo("demo-sync");
        assertThat(t.pid()).isEqualTo(812);
        assertThat(t.release()).isEqualTo("6.1.0-57-amd64");
        assertThat(t.taints()).extracting(Taint::letter).containsExactly('G', 'O', 'E');
    }
}
