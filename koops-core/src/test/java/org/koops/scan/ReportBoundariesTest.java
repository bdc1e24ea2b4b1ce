package org.koops.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.koops.Koops;
import org.koops.model.CrashReport;

/** Where reports end: after a few ordinary messages, unless the title still lacks its stack trace. */
class ReportBoundariesTest {
    private static List<CrashReport> reports(String log) {
        return Koops.create().analyze("test.log", log).reports();
    }

    @Test
    void aStackTraceAfterAnotherDriversMessagesStillBelongsToTheReport() {
        String log = """
                [  10.000001] WARNING: CPU: 0 PID: 7 at drivers/misc/foo.c:73 foo_ioctl+0x2db/0x380
                [  10.000002] CPU: 0 PID: 7 Comm: syz-executor2 Not tainted 4.15.0 #1
                [  10.000003] Call Trace:
                [  10.000004] bar: device busy
                [  10.000005] bar: retrying transaction 12
                [  10.000006] bar: transaction failed
                [  10.000007] netlink: 3 bytes leftover after parsing attributes
                [  10.000008]  dump_stack+0x194/0x257
                [  10.000009]  __warn+0x1dc/0x200
                [  10.000010] RIP: 0010:foo_ioctl+0x2db/0x380
                [  10.000011]  do_vfs_ioctl+0x1b1/0x1520
                [  10.000012]  SyS_ioctl+0x8f/0xc0
                [  10.000013] eth0: link up
                [  10.000014] eth0: link down
                [  10.000015] eth0: link up
                """;

        List<CrashReport> r = reports(log);

        assertThat(r).hasSize(1);
        assertThat(r.get(0).title()).isEqualTo("WARNING in foo_ioctl");
        assertThat(r.get(0).corrupted()).isFalse();
        assertThat(r.get(0).lines().get(r.get(0).lines().size() - 1).text()).isEqualTo(" SyS_ioctl+0x8f/0xc0");
    }

    @Test
    void messagesReadOnInVainAreNotKept() {
        String log = """
                [  10.000001] WARNING: CPU: 0 PID: 7 at drivers/misc/foo.c:73 foo_ioctl+0x2db/0x380
                [  10.000002] CPU: 0 PID: 7 Comm: syz-executor2 Not tainted 4.15.0 #1
                [  10.000003] Call Trace:
                [  10.000004] bar: device busy
                [  10.000005] bar: retrying transaction 12
                [  10.000006] bar: transaction failed
                [  10.000007]  indented, but no frame
                [  10.000008] eth0: link up
                [  10.000009] eth0: link down
                [  10.000010] eth0: link up
                """;

        List<CrashReport> r = reports(log);

        assertThat(r).hasSize(1);
        assertThat(r.get(0).title()).isEqualTo("WARNING in corrupted");
        assertThat(r.get(0).lines()).hasSize(3);
    }

    @Test
    void aReportWithItsStackEndsAtOrdinaryMessages() {
        String log = """
                [  10.000001] WARNING: CPU: 0 PID: 7 at drivers/misc/foo.c:73 foo_ioctl+0x2db/0x380
                [  10.000002] CPU: 0 PID: 7 Comm: syz-executor2 Not tainted 4.15.0 #1
                [  10.000003] RIP: 0010:foo_ioctl+0x2db/0x380
                [  10.000004] Call Trace:
                [  10.000005]  do_vfs_ioctl+0x1b1/0x1520
                [  10.000006]  SyS_ioctl+0x8f/0xc0
                [  10.000007] eth0: link up
                [  10.000008] eth0: link down
                [  10.000009] eth0: link up
                [  10.000010]  indented later
                """;

        List<CrashReport> r = reports(log);

        assertThat(r).hasSize(1);
        assertThat(r.get(0).title()).isEqualTo("WARNING in foo_ioctl");
        assertThat(r.get(0).lines()).hasSize(6);
    }

    @Test
    void withCallerIdsATitleLackingItsStackReadsOnIntoTheSameTasksNextReport() {
        String log = """
                [   20.100001][  T367] BUG: Dentry ffff888119d8a000{i=0,n=.index}  still in use (1) [unmount of ramfs ramfs]
                [   20.100002][  T367] ------------[ cut here ]------------
                [   20.100003][  T367] WARNING: CPU: 0 PID: 367 at fs/dcache.c:1616 umount_check+0x18d/0x1d0
                [   20.100004][  T367] Modules linked in:
                [   20.100005][  T367] CPU: 0 PID: 367 Comm: syz-executor.4 Not tainted 5.10.75 #0
                [   20.100006][  T367] RIP: 0010:umount_check+0x18d/0x1d0
                [   20.100007][  T367] Call Trace:
                [   20.100008][  T367]  d_walk+0x1e8/0x660
                [   20.100009][  T367]  shrink_dcache_for_umount+0x8b/0x1a0
                [   20.100010][  T367]  generic_shutdown_super+0x66/0x3a0
                """;

        List<CrashReport> r = reports(log);

        assertThat(r).extracting(CrashReport::title)
                .containsExactly("BUG: Dentry still in use in unmount", "WARNING in umount_check");
        assertThat(r.get(0).corrupted()).isFalse();
        assertThat(r.get(0).lines()).hasSize(2);
    }

    @Test
    void anotherTasksReportLendsNothing() {
        String log = """
                [   20.100001][  T367] BUG: Dentry ffff888119d8a000{i=0,n=.index}  still in use (1) [unmount of ramfs ramfs]
                [   20.100002][  T367] ------------[ cut here ]------------
                [   20.100003][  T368] WARNING: CPU: 0 PID: 368 at fs/dcache.c:1616 umount_check+0x18d/0x1d0
                [   20.100004][  T368] Modules linked in:
                [   20.100005][  T368] CPU: 0 PID: 368 Comm: syz-executor.4 Not tainted 5.10.75 #0
                [   20.100006][  T368] RIP: 0010:umount_check+0x18d/0x1d0
                [   20.100007][  T368] Call Trace:
                [   20.100008][  T368]  d_walk+0x1e8/0x660
                [   20.100009][  T368]  shrink_dcache_for_umount+0x8b/0x1a0
                """;

        List<CrashReport> r = reports(log);

        assertThat(r.get(0).title()).isEqualTo("BUG: Dentry still in use in unmount");
        assertThat(r.get(0).corrupted()).isTrue();
    }

    @Test
    void anArm32OopsKeepsItsRegistersStackDumpsAndCodeLine() {
        String log = """
                Unable to handle kernel paging request at virtual address e0804000
                pgd = 84f1c000
                [e0804000] *pgd=8000008000207003, *pmd=84e0a003, *pte=00000000
                Internal error: Oops: a07 [#1] SMP ARM
                Modules linked in:
                CPU: 0 PID: 311 Comm: fbtest Not tainted 6.1.0 #1
                Hardware name: ARM-Versatile Express
                PC is at memset_io+0x24/0x40
                LR is at fill_rect+0x58/0x90
                pc : [<80512a64>]    lr : [<80512b30>]    psr: 20000013
                sp : 84f3dd70  ip : 84f3dd88  fp : 84f3dd84
                r10: 00000000  r9 : 00000010  r8 : 00000000
                r7 : 00000000  r6 : 00001000  r5 : e0803ff0  r4 : 00000000
                r3 : e0804000  r2 : 00000ff0  r1 : 00000000  r0 : e0803000
                Flags: nzCv  IRQs on  FIQs on  Mode SVC_32  ISA ARM  Segment none
                Control: 10c5387d  Table: 84f1c059  DAC: 00000051
                Process fbtest (pid: 311, stack limit = 0x84f3c210)
                Stack: (0x84f3dd70 to 0x84f3e000)
                dd60:                                     00000000 e0803ff0 84f3ddb4 84f3dd88
                dd80: 80512b30 80512a4c 00000010 00000000 00000000 00001000 84f3de00 8421c000
                Backtrace:
                [<80512a40>] (memset_io) from [<80512b30>] (fill_rect+0x58/0x90)
                 r5:e0803ff0 r4:00000000
                [<80512ad8>] (fill_rect) from [<80200060>] (ret_fast_syscall+0x0/0x54)
                Exception stack(0x84f3dfa8 to 0x84f3dff0)
                dfa0:                   00000003 7ea7ac38 00000003 00004b3a 00000000 00000000
                dfc0: 00000003 7ea7ac38 00000000 00000036
                Code: e2522010 ba000003 e1a03001 e4803004 (e4803004)
                ---[ end trace 0000000000000000 ]---
                """;

        List<CrashReport> r = reports(log);

        assertThat(r).hasSize(1);
        CrashReport oops = r.get(0);
        assertThat(oops.lines().get(oops.lines().size() - 1).text()).startsWith("---[ end trace");
        assertThat(oops.details().kernelCode()).hasValueSatisfying(c -> {
            assertThat(c.line()).isEqualTo(28);
            assertThat(c.unitSize()).isEqualTo(4);
            assertThat(c.faultOffset()).isEqualTo(16);
        });
        assertThat(oops.details().kernelRegisters()).hasValueSatisfying(d -> assertThat(d.registers())
                .extracting(reg -> reg.name() + "=" + (reg.value() == null ? "?" : Long.toHexString(reg.value())))
                .containsExactly("pc=80512a64", "lr=80512b30", "psr=20000013", "sp=84f3dd70", "ip=84f3dd88", "fp=84f3dd84",
                        "r10=0", "r9=10", "r8=0", "r7=0", "r6=1000", "r5=e0803ff0", "r4=0",
                        "r3=e0804000", "r2=ff0", "r1=0", "r0=e0803000"));
        assertThat(oops.details().kernelRegisters().get().registers().get(0).symbol().function()).isEqualTo("memset_io");
        assertThat(oops.details().damage()).isEmpty();
    }

    @Test
    void aWarningsMessagePrintedAfterCutHereStartsTheReport() {
        String warning = """
                [ 4711.100001] ------------[ cut here ]------------
                [ 4711.100002] list_add corruption. next->prev should be prev (ffff8881000a1548), but was ffff8881000b2d58. (next=ffff8881000b2d58).
                [ 4711.100003] WARNING: CPU: 1 PID: 812 at lib/list_debug.c:29 __list_add_valid_or_report+0x74/0xc0
                [ 4711.100004] Modules linked in: demo
                [ 4711.100005] CPU: 1 PID: 812 Comm: demo Not tainted 6.8.0 #1
                [ 4711.100006] RIP: 0010:__list_add_valid_or_report+0x74/0xc0
                [ 4711.100007] Call Trace:
                [ 4711.100008]  <TASK>
                [ 4711.100009]  demo_queue+0x31/0x80 [demo]
                [ 4711.100010]  </TASK>
                [ 4711.100011] ---[ end trace 0000000000000000 ]---
                """;
        String before = """
                [ 4711.000001] demo: queue started
                [ 4711.000002] BUG: scheduling while atomic: demo/812/0x00000002
                [ 4711.000003] Call Trace:
                [ 4711.000004]  <TASK>
                [ 4711.000005]  demo_wait+0x10/0x20 [demo]
                [ 4711.000006]  </TASK>
                """;

        for (String log : List.of(warning, before + warning)) {
            List<CrashReport> r = Koops.create().withoutDisassembler().analyze("test.log", log).reports();
            CrashReport w = r.get(r.size() - 1);
            assertThat(w.lines().get(0).text()).startsWith("list_add corruption.");
            assertThat(w.lines().get(1).text()).startsWith("WARNING: CPU: 1");
            assertThat(w.details().message()).startsWith("WARNING: CPU: 1");
            assertThat(w.context()).extracting(l -> l.text()).anyMatch(t -> t.contains("cut here"));
            assertThat(r.subList(0, r.size() - 1)).allSatisfy(other -> assertThat(other.lines())
                    .noneMatch(l -> l.text().contains("cut here") || l.text().contains("list_add")));
        }
    }

    @Test
    void aWarnsOwnTextIsNoHeadlineButACheckersVerdictLeadsEvenWithoutCutHere() {
        String driver = """
                [ 5120.000001] ------------[ cut here ]------------
                [ 5120.000002] demo: queue depth above the supported limit
                [ 5120.000003] WARNING: CPU: 3 PID: 77 at drivers/demo/queue.c:210 demo_queue_setup+0x113/0x2d0 [demo]
                [ 5120.000004] Modules linked in: demo
                [ 5120.000005] CPU: 3 PID: 77 Comm: demo-setup Not tainted 6.8.0 #1
                """;
        // The paste begins inside the first line's time stamp, before the WARNING's cut here was printed.
        String refcount = """
                5121.000001] refcount_t: underflow; use-after-free.
                [ 5121.000002] WARNING: CPU: 0 PID: 12 at lib/refcount.c:28 refcount_warn_saturate+0xd8/0xe0
                [ 5121.000003] Modules linked in: demo
                [ 5121.000004] CPU: 0 PID: 12 Comm: kworker/0:2 Not tainted 6.8.0 #1
                [ 5121.000005] RIP: 0010:refcount_warn_saturate+0xd8/0xe0
                """;

        assertThat(reports(driver)).singleElement().satisfies(w -> {
            assertThat(w.lines().get(0).text()).startsWith("WARNING: CPU: 3");
            assertThat(w.context()).extracting(l -> l.text()).contains("demo: queue depth above the supported limit");
        });
        assertThat(reports(refcount)).singleElement().satisfies(w -> {
            assertThat(w.lines().get(0).text()).isEqualTo("refcount_t: underflow; use-after-free.");
            assertThat(w.lines().get(1).text()).startsWith("WARNING: CPU: 0");
        });
    }

    @Test
    void theKernelDebuggersDumpOfTheSameFaultOnItsOwnConsoleJoinsTheReport() {
        String log = """
                Kernel said:
                [   27.346994] Unable to handle kernel paging request for data at address 0x1ffdbc0004
                [   27.346997] Faulting instruction address: 0xc00000000047d72c
                and the console, in the debugger:
                cpu 0x2c: Vector: 300 (Data Access) at [c000001ff74d36d0]
                    pc: %s: demo_poll+0xd4/0x2b0    
                    lr: c00000000047d8ac: demo_poll+0x254/0x2b0
                """;

        assertThat(reports(log.formatted("c00000000047d72c"))).singleElement().satisfies(r -> {
            assertThat(r.endLine()).isEqualTo(6);
            assertThat(r.details().kernelRegisters()).hasValueSatisfying(d -> assertThat(d.instructionPointer())
                    .hasValueSatisfying(pc -> assertThat(pc.symbol().function()).isEqualTo("demo_poll")));
        });
        // Another fault's dump is not this report's.
        assertThat(reports(log.formatted("c00000000047d000"))).singleElement()
                .satisfies(r -> assertThat(r.endLine()).isEqualTo(3));
    }

    @Test
    void aModuleListGoingOnWithoutThePrefixIsJoined() {
        String log = """
                [  417.280431] WARNING: CPU: 0 PID: 3 at mm/page_alloc.c:2204 __alloc_pages_nodemask+0x231/0x8f0
                [  417.280432] Modules linked in: vfat fat usb_storage l2tp_ppp pppox mousede
                v snd_compress snd_hda_intel(O) 
                [  417.280433]  ac97_bus snd_pcm_dmaengine
                [  417.280434] CPU: 0 PID: 3 Comm: ksoftirqd/0 Not tainted 6.8.0 #1
                [  417.280435] RIP: 0010:__alloc_pages_nodemask+0x231/0x8f0
                [  417.280436] Call Trace:
                [  417.280437]  ip_copy_metadata+0x10/0x80
                """;
        String old = log.replace("""
                [  417.280432] Modules linked in: vfat fat usb_storage l2tp_ppp pppox mousede
                v snd_compress snd_hda_intel(O) 
                [  417.280433]  ac97_bus snd_pcm_dmaengine
                """, """
                [  417.280432] Modules linked in: vfat fat usb_storage demo_b(+) sdhci\s
                mmc_core wmi i915 [last unloaded: scsi_wait_scan]
                """);

        assertThat(reports(log)).singleElement().satisfies(r -> assertThat(r.details().modules().modules())
                .extracting(m -> m.name()).containsSubsequence("pppox", "mousedev", "snd_compress", "snd_hda_intel",
                        "ac97_bus", "snd_pcm_dmaengine"));
        assertThat(reports(old)).singleElement().satisfies(r -> assertThat(r.details().modules().modules())
                .extracting(m -> m.name()).containsSubsequence("demo_b", "sdhci", "mmc_core", "wmi", "i915"));
    }

    @Test
    void suspiciousRcuUsageKeepsItsOwnAccountLocksAndStack() {
        String log = """
                ===============================
                [ INFO: suspicious RCU usage. ]
                3.4.0-demo #12 Tainted: G        W
                -------------------------------
                include/linux/rcupdate.h:729 rcu_read_lock() used illegally while idle!

                other info that might help us debug this:

                RCU used illegally from idle CPU!
                rcu_scheduler_active = 1, debug_locks = 0
                RCU used illegally from extended quiescent state!
                1 lock held by swapper/1/0:
                 #0:  (rcu_read_lock){.+.+..}, at: [<c00abe5c>] demo_charge+0x28/0x1f4

                stack backtrace:
                [<c001521c>] (unwind_backtrace+0x0/0x12c) from [<c00abec8>] (demo_charge+0x94/0x1f4)
                [<c00abec8>] (demo_charge+0x94/0x1f4) from [<c00b395c>] (update_curr+0x24c/0x2c8)
                [<c00b395c>] (update_curr+0x24c/0x2c8) from [<c000f954>] (cpu_idle+0x64/0xfc)
                """;

        List<CrashReport> r = reports(log);

        assertThat(r).hasSize(1);
        assertThat(r.get(0).details().frames()).extracting(f -> f.function())
                .containsExactly("unwind_backtrace", "demo_charge", "update_curr", "cpu_idle");
    }
}
