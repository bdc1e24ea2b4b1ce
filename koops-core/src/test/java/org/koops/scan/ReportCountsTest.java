package org.koops.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.koops.Koops;
import org.koops.model.CrashReport;
import org.koops.model.Kind;

/** What is one report, what is a pasted copy of one, and what is a new occurrence of the same bug. */
class ReportCountsTest {
    private static List<CrashReport> reports(String log) {
        return Koops.create().withoutDisassembler().analyze("test.log", log).reports();
    }

    private static List<CrashReport> distinct(String log) {
        return reports(log).stream().filter(r -> r.duplicateOf() == null).toList();
    }

    @Test
    void aReportPastedTwiceCountsOnce() {
        String report = """
                [  612.000101] BUG: soft lockup - CPU#2 stuck for 22s! [demo:411]
                [  612.000102] CPU: 2 PID: 411 Comm: demo Not tainted 6.1.0 #1
                [  612.000103] RIP: 0010:demo_spin+0x10/0x20 [demo]
                [  612.000104] Call Trace:
                [  612.000105]  demo_ioctl+0x20/0x40 [demo]
                """;
        List<CrashReport> r = reports(report + "then again, as the console printed it:\n" + report);

        assertThat(r).hasSize(2);
        assertThat(r.get(1).duplicateOf()).isZero();
    }

    @Test
    void aHeaderPastedAgainWithoutTheRestOfItsReportCountsOnce() {
        // Excerpts without time stamps: the first report whole, then its first lines again, then other bugs.
        List<CrashReport> r = distinct("""
                kernel: ------------[ cut here ]------------
                kernel: kernel BUG at mm/demo.c:120!
                kernel: invalid opcode: 0000 [#1] SMP
                kernel: Modules linked in: demo
                kernel: CPU: 3 PID: 140 Comm: demod Not tainted 6.1.0 #1

                kernel: ------------[ cut here ]------------
                kernel: kernel BUG at mm/demo.c:120!
                kernel: invalid opcode: 0000 [#1] SMP

                kernel: ------------[ cut here ]------------
                kernel: kernel BUG at mm/demo.c:120!
                kernel: invalid opcode: 0000 [#2] SMP

                kernel: ------------[ cut here ]------------
                kernel: kernel BUG at lib/demo-tree.c:281!
                kernel: invalid opcode: 0000 [#1] SMP
                """);

        assertThat(r).extracting(c -> c.lines().get(0).text()).containsExactly("kernel BUG at mm/demo.c:120!",
                "kernel BUG at mm/demo.c:120!", "kernel BUG at lib/demo-tree.c:281!");
        assertThat(r.get(1).details().oops().count()).isEqualTo(2);
    }

    @Test
    void anRcuStallOfAnotherDurationIsAnotherOccurrenceThoughItsHeaderIsTheSame() {
        String stall = """
                INFO: rcu_sched detected stalls on CPUs/tasks:
                        0-...: (1 GPs behind) idle=d09/1/0 softirq=1302/3861 fqs=%d
                        (detected by 3, t=%d jiffies, g=-93, c=-94, q=1)
                Task dump for CPU 0:
                swapper/0       R  running task        0     0      0 0x00000002
                Call trace:
                [<ffffffc000086ed4>] __switch_to+0xd4/0xf8
                """;

        assertThat(distinct(stall.formatted(20997, 21010) + stall.formatted(36741, 36765))).hasSize(2);
        assertThat(distinct(stall.formatted(20997, 21010) + stall.formatted(20997, 21010))).hasSize(1);
    }

    @Test
    void aLogCutInsideItsLastHeadlineEndsWithAReportCutAtItsFirstLine() {
        String hung = """
                [ 2682.855448] INFO: task kworker/2:1:5747 blocked for more than 120 seconds.
                [ 2682.860651]       Tainted: G        W   E     6.1.0 #1
                [ 2682.866477] "echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.
                [ 2682.873379] INFO: task demod:11794 b""";

        List<CrashReport> r = distinct(hung);

        assertThat(r).hasSize(2);
        assertThat(r.get(1).kind()).isEqualTo(Kind.HUNG_TASK);
        assertThat(r.get(1).corrupted()).isTrue();
        assertThat(distinct("[   29.305525] rcu: INFO: rcu_preempt")).singleElement()
                .satisfies(c -> assertThat(c.kind()).isEqualTo(Kind.RCU_STALL));
        // A whole line that starts no report, or the same cut line followed by more of the log, is no report.
        assertThat(distinct("[   29.305525] INFO: rcu_preempt\n[   29.305526] demo: done\n")).isEmpty();
        assertThat(distinct("[   29.305525] INFO: some tool's status line")).isEmpty();
    }

    @Test
    void aFirstLineQuotedInProseAboveTheReportIsNoReportOfItsOwn() {
        List<CrashReport> r = distinct("""
                BUG: KASAN: use-after-free in lab_resp_fwd+0xcb/0x190 Read of size 2 at addr ffff88812ba22110 by task
                ksoftirqd/4/38

                The freed message is read again after it was sent. Full report:
                ```
                BUG: KASAN: use-after-free in lab_resp_fwd+0xcb/0x190 [lab_http]
                [ 1163.684548] Read of size 2 at addr ffff88812ba22110 by task ksoftirqd/4/38
                [ 1163.689588] CPU: 4 PID: 38 Comm: ksoftirqd/4 Tainted: G           OE     5.10.35 #207
                [ 1163.689601] Call Trace:
                [ 1163.689610]  dump_stack+0x74/0x92
                [ 1163.689620]  print_address_description.constprop.0+0x1c/0x210
                [ 1163.689630]  kasan_report.cold+0x37/0x7c
                [ 1163.689640]  lab_resp_fwd+0xcb/0x190 [lab_http]
                [ 1163.689650]  lab_resp_send+0x50/0x90 [lab_http]
                ```
                """);

        assertThat(r).hasSize(1);
        assertThat(r.get(0).lines()).hasSizeGreaterThan(3);
        assertThat(r.get(0).diagnosis().culprit().module()).isEqualTo("lab_http");
    }

    @Test
    void headlinesOfAnOngoingLockupAreNewOccurrencesThoughTheirClockIsTheSame() {
        String log = """
                May 20 15:52:21 host kernel: watchdog: BUG: soft lockup - CPU#1 stuck for 45s! [rtcwake:72543]
                May 20 15:52:21 host kernel: watchdog: BUG: soft lockup - CPU#1 stuck for 71s! [rtcwake:72543]
                May 20 15:52:21 host kernel: watchdog: BUG: soft lockup - CPU#1 stuck for 104s! [rtcwake:72543]
                """;

        assertThat(distinct(log)).hasSize(3);
    }

    @Test
    void theSameReportAtAnotherTimeOfDayIsANewOccurrence() {
        String oops = """
                kernel: general protection fault: 0000 [#1] SMP
                kernel: RIP: 0010:[<ffffffffa006c13c>]  [<ffffffffa006c13c>] demo_read_ring+0x30/0x34 [demo]
                kernel: Call Trace:
                kernel:  [<ffffffffa0060001>] demo_ioctl+0x20/0x40 [demo]
                """;
        String log = oops.replace("kernel:", "Nov 19 12:34:38 host kernel:") + "Nov 19 13:00:00 host kernel: eth0: link up\n"
                + oops.replace("kernel:", "Nov 19 16:04:04 host kernel:");

        assertThat(distinct(log)).hasSize(2);
    }

    @Test
    void eachOutOfMemoryVictimIsAKillOfItsOwn() {
        String log = """
                > Nov 30 10:16:57 node kernel: Killed process 799153 (node), UID 1000, total-vm:606096kB, anon-rss:68308kB
                > Nov 30 10:16:58 node kernel: Killed process 799402 (node), UID 1000, total-vm:642596kB, anon-rss:102060kB
                > Nov 30 10:16:59 node kernel: Killed process 799889 (node), UID 1000, total-vm:650784kB, anon-rss:110296kB
                """;

        assertThat(distinct(log)).hasSize(3).allMatch(r -> r.title().equals("out of memory: killed node"));
    }

    @Test
    void slubsTrailerLinesBelongToItsReport() {
        String log = """
                [   99.408388] =============================================================================
                [   99.408393] BUG kmalloc-64 (Not tainted): Poison overwritten
                [   99.408394] -----------------------------------------------------------------------------
                [   99.408398] INFO: 0xf2751962-0xf2751995. First byte 0x98 instead of 0x6b
                [   99.408402] INFO: Allocated in demo_open+0x28/0x60 [demo] age=79 cpu=0 pid=1329
                [   99.408407]  __slab_alloc+0x49f/0x533
                [   99.408427] INFO: Freed in demo_release+0x50/0xb0 [demo] age=14 cpu=1 pid=1333
                [   99.408429]  kfree+0x129/0x140
                [   99.408447] INFO: Slab 0xf4d5ea20 objects=17 used=17 fp=0x  (null) flags=0x40000080
                [   99.408449] INFO: Object 0xf2751960 @offset=2400 fp=0xf2751780
                [   99.408454] Object f2751960: 6b 6b 98 00 ec 00 8e 00 ee 00 6b 6b e3 00 bf 00  kk........kk....
                """;

        List<CrashReport> r = reports(log);

        assertThat(r).hasSize(1);
        assertThat(r.get(0).lines()).hasSize(10);
        assertThat(r.get(0).details().frames()).isEmpty();
    }

    @Test
    void infoLinesOfATestHarnessAreNotReports() {
        String log = """
                [    0.246660] WARNING: suspicious RCU usage
                [    0.246670] 4.14.156 #1 Not tainted
                [    0.246680] kernel/rcu/tree.c:1234 rcu_read_lock() used illegally!
                [    0.246690] Call trace:
                [    0.246700]  demo_cpu_up+0x40/0x90
                [    0.246710]  idr_get_next+0x20/0x40
                + ./kselftest.sh -t kselftest.tar.gz
                INFO: Generating a skipfile based on /lava/tests/skipfile-lkft.yaml
                INFO: Using the following generated skipfile contents (until EOF):
                breakpoint_test
                ========================================
                INFO: EOF
                kselftests found on rootfs
                """;

        assertThat(reports(log)).singleElement().satisfies(r -> assertThat(r.title()).startsWith("WARNING: suspicious RCU"));
    }

    @Test
    void anOldWarningsMessageLinesArePartOfIt() {
        String log = """
                WARNING: at kernel/watchdog.c:245 watchdog_overflow_callback+0x9c/0xd0()
                Hardware name: Bochs
                Watchdog detected hard LOCKUP on cpu 0
                Modules linked in: bridge stp llc
                Pid: 0, comm: swapper/0 Not tainted 3.8.9-200.fc18.x86_64 #1
                Call Trace:
                 <NMI>  [<ffffffff810eb800>] ? watchdog_overflow_callback+0x60/0xd0
                 [<ffffffff8105cd86>] warn_slowpath_common+0x66/0x80
                 [<ffffffff810eb83c>] watchdog_overflow_callback+0x9c/0xd0
                """;

        assertThat(reports(log)).singleElement().satisfies(r -> assertThat(r.lines()).hasSize(9));
    }

    @Test
    void theUnwindersComplaintIsPartOfTheReportWhoseStackItDumps() {
        String log = """
                traps: PANIC: double fault, error_code: 0x0
                Oops: double fault: 0000 [#1] SMP NOPTI
                RIP: 0010:demo_probe+0x1fd/0x560 [demo]
                Kernel panic - not syncing: Fatal exception in interrupt
                WARNING: kernel stack regs at 000000003432ebd5 in kswapd0:124 has bad 'bp' value 0000000033552f3f
                """;

        assertThat(reports(log)).singleElement().satisfies(r -> assertThat(r.lines()).hasSize(5));
    }

    @Test
    void aLineOfAReportPrintedBeforeItsFirstLineJoinsIt() {
        String log = """
                # ok 1 futex_wait
                -wait[  347.423535] invalid opcode: 0000 [#1] SMP PTI
                [  347.416924] kernel BUG at arch/x86/kvm/mmu/mmu.c:3722!
                [  347.416924] kernel BUG at arch/x86/kvm/mmu/mmu.c:3722!
                [  347.423535] invalid opcode: 0000 [#1] SMP PTI
                [  347.429212] CPU: 0 PID: 10338 Comm: set_memory_regi Not tainted 5.7.0-rc6 #1
                [  347.444943] RIP: 0010:kvm_mmu_load+0x407/0x420
                [  347.449386] Call Trace:
                [  347.449390]  kvm_arch_vcpu_ioctl_run+0x1c4/0x1a70
                """;

        List<CrashReport> r = reports(log);

        assertThat(r).singleElement().satisfies(bug -> {
            assertThat(bug.title()).isEqualTo("kernel BUG in kvm_mmu_load");
            assertThat(bug.lines().get(0).text()).startsWith("kernel BUG at");
            assertThat(bug.context()).extracting(l -> l.text()).anyMatch(t -> t.contains("invalid opcode"));
            assertThat(bug.details().damage()).anyMatch(d -> d.what().contains("printed twice"));
        });
    }

    @Test
    void aFirstLinePrintedTwiceAroundTheCutHereLineIsOneReport() {
        String log = """
                [  347.416924] kernel BUG at arch/x86/kvm/mmu/mmu.c:3722!
                # ok 1 futex[  347.411307] ------------[ cut here ]------------
                [  347.416924] kernel BUG at arch/x86/kvm/mmu/mmu.c:3722!
                [  347.423535] invalid opcode: 0000 [#1] SMP PTI
                [  347.429212] CPU: 0 PID: 10338 Comm: set_memory_regi Not tainted 5.7.0-rc6 #1
                [  347.444943] RIP: 0010:kvm_mmu_load+0x407/0x420
                [  347.449386] Call Trace:
                [  347.449390]  kvm_arch_vcpu_ioctl_run+0x1c4/0x1a70
                """;

        assertThat(reports(log)).singleElement().satisfies(bug -> {
            assertThat(bug.title()).isEqualTo("kernel BUG in kvm_mmu_load");
            assertThat(bug.details().damage()).anyMatch(d -> d.what().contains("printed twice"));
        });
    }

    @Test
    void theSameLineOverAndOverIsNotOneReport() {
        String log = "[  100.000000] WARNING: CPU: 0 PID: 1 at kernel/flood.c:10 flood_fn+0x1/0x20\n".repeat(100);

        List<CrashReport> r = reports(log);

        assertThat(r).hasSize(50);
        assertThat(r).allMatch(x -> x.lines().size() == 1 && x.details().damage().size() == 1);
    }

    @Test
    void aLineCutByAConsoleTakeoverIsPrintedAgainWhole() {
        String log = """
                [  911.310201] INFO: t
                ** replaying previous printk message **
                [  911.310201] INFO: task kworker/1:2:2231 blocked for more than 245 seconds.
                [  911.310219] task:kworker/1:2     state:D stack:0     pid:2231  tgid:2231  ppid:2      flags:0x00004000
                [  911.310227] Call Trace:
                [  911.310229]  <TASK>
                [  911.310231]  __schedule+0x3f0/0x1320
                [  911.310235]  schedule+0x27/0xf0
                [  911.3102
                ** replaying previous printk message **
                [  911.310238]  schedule_timeout+0x15d/0x170
                [  911.310249]  demo_drain+0x4d/0x90 [demo]
                [  911.310274]  </TASK>
                """;

        assertThat(reports(log)).singleElement().satisfies(r -> {
            assertThat(r.title()).isEqualTo("INFO: task hung in demo_drain");
            assertThat(r.lines()).noneMatch(l -> l.text().contains("replaying"));
        });
    }
}
