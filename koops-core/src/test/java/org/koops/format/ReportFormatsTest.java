package org.koops.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.koops.model.Kind;

/** Which lines are report headers, and the rows that no file of syzkaller's corpus shows. */
class ReportFormatsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            BUG: KASAN: use-after-free in foo+0x1/0x2                       | kasan
            [   12.345678][ T123] rcu: INFO: rcu_preempt self-detected stall on CPU | rcu-stall
            watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [a.out:1]    | soft-lockup
            Oops: general protection fault, probably for non-canonical address 0xdffffc0000000001: 0000 [#1] | gpf
            BUG: something nobody has seen before                           | BUG-other
            VERIFY(avl_find(tree, node, &where) == NULL) failed             | spl-verify
            BUG numa_policy (Not tainted): Poison overwritten               | slub
            BUG sas_task: Objects remaining on kmem_cache_close()           | slub
            CPU 0: Machine Check Exception: 0000000000000007                | mce-exception
            mce: [Hardware Error]: TSC 0 ADDR 1f3a2c040                     | hardware-error
            Oops: int3: 0000 [#1] PREEMPT SMP NOPTI                         | int3
            a.out: page allocation failure: order:3, mode:0x40cc0 | page-allocation-failure
            Bad mode in Error handler detected on CPU1, code 0xbf000002 -- SError | bad-mode
            Unhandled kernel unaligned access[#1]:                          | mips-unaligned
            """)
    void headerRows(String line, String id) {
        assertThat(ReportFormats.header(line).id()).isEqualTo(id);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            INFO: NMI handler (perf_event_nmi_handler) took too long to run: 2.277 msecs
            ODEBUG: Out of memory. ODEBUG disabled
            WARNING: the mand mount option is being deprecated
            syzkaller login: traps: a.out[3615] general protection fault ip:7feb96eb56a1 sp:20000fd0 error:0 in a.out[7feb96e75000+84000]
            ---[ end Kernel panic - not syncing: Fatal exception ]---
            - after the crash (Oops and RIP: single_show) the module is released
            [drm] DEBUG output enabled for 2 connectors
            BUG UNIX (Not tainted): kasan: bad access detected
            traps: a.out[3615] trap int3 ip:401136 sp:7ffc2a1e9f40 error:0 in a.out[401000+1000]
            """)
    void notHeaders(String line) {
        assertThat(ReportFormats.header(line)).isNull();
    }

    @Test
    void aHeaderQuotedAsCodeInASentenceIsNotAReport() {
        assertThat(ReportFormats.header("Occurs right after a splat from `kernel BUG at fs/demo/iter.c:1332!`, probably "
                + "the same one.")).isNull();
        assertThat(ReportFormats.header("kernel BUG at fs/demo/iter.c:1332!")).isNotNull();
        // The whole line as code, or a backtick only after the header, is still the kernel's line.
        assertThat(ReportFormats.header("`kernel BUG at fs/demo/iter.c:1332!`")).isNotNull();
        assertThat(ReportFormats.header("kernel BUG at fs/demo/iter.c:1332! see `dmesg`")).isNotNull();
    }

    @Test
    void aTableOfTitlesIsNotAReport() {
        assertThat(ReportFormats.header("kernel BUG in set extent bit\tC\t3\t4h58m")).isNull();
    }

    @Test
    void linesPrintedInsideAReportFollowUp() {
        assertThat(ReportFormats.header("Kernel panic - not syncing: Fatal exception").has(ReportFormat.Flag.FOLLOW_UP)).isTrue();
        assertThat(ReportFormats.header("Internal error: Oops - BUG: 00000000f2000800 [#1] SMP").has(ReportFormat.Flag.FOLLOW_UP))
                .isTrue();
        assertThat(ReportFormats.header("kernel BUG at lib/list_debug.c:64!").has(ReportFormat.Flag.FOLLOW_UP)).isFalse();
        assertThat(ReportFormats.header("INFO: Slab 0xffffea0001a4ef00 objects=17 used=7 fp=0x0 flags=0x4080")
                .has(ReportFormat.Flag.FOLLOW_UP)).isTrue();
        assertThat(ReportFormats.header("PANIC at avl.c:624:avl_add()").has(ReportFormat.Flag.FOLLOW_UP)).isTrue();
        assertThat(ReportFormats.header("WARNING: kernel stack regs at 00000000a1b2c3d4 in a:1 has bad 'bp' value 0")
                .has(ReportFormat.Flag.FOLLOW_UP)).isTrue();
        assertThat(ReportFormats.header("BUG kmalloc-64 (Tainted: G    B   ): kasan: bad access detected")
                .has(ReportFormat.Flag.FOLLOW_UP)).isTrue();
        ReportFormat victim = ReportFormats.header("Killed process 4021 (chrome) total-vm:8123400kB, anon-rss:2097152kB");
        assertThat(victim.flags()).contains(ReportFormat.Flag.FOLLOW_UP, ReportFormat.Flag.ONCE);
    }

    @Test
    void koopsReportsWhatSyzkallerDoesNotCount() {
        for (String line : new String[] {"VERIFY3(a == b) failed (1 == 2)", "mce: [Hardware Error]: Machine check events logged",
                "a.out: page allocation failure: order:0, mode:0xa20", "Oops: int3: 0000 [#1] SMP",
                "BUG dentry (Not tainted): Poison overwritten"}) {
            assertThat(ReportFormats.header(line)).as(line).isNotNull();
            assertThat(ReportFormats.syzkallerCrash(line)).as(line).isFalse();
        }
    }

    @Test
    void oldWarningsMayGoOnWithTheirMessage() {
        assertThat(ReportFormats.header("WARNING: at kernel/watchdog.c:245 watchdog_overflow_callback+0x9c/0xd0()")
                .has(ReportFormat.Flag.MESSAGE_FOLLOWS)).isTrue();
        assertThat(ReportFormats.header("INFO: Generating a skipfile based on /lava/skipfile.yaml")
                .has(ReportFormat.Flag.BODY_REQUIRED)).isTrue();
        assertThat(ReportFormats.header("INFO: task a.out:1 blocked for more than 120 seconds.")
                .has(ReportFormat.Flag.BODY_REQUIRED)).isFalse();
    }

    @Test
    void koopsReportsOutOfMemoryKillsThatSyzkallerDoesNotCount() {
        ReportFormat oom = ReportFormats.header("a.out invoked oom-killer: gfp_mask=0x140dca, order=0, oom_score_adj=0");
        assertThat(oom.kind()).isEqualTo(Kind.OUT_OF_MEMORY);
        assertThat(ReportFormats.syzkallerCrash("a.out invoked oom-killer: gfp_mask=0x140dca, order=0")).isFalse();
        assertThat(ReportFormats.syzkallerCrash("BUG: KASAN: use-after-free in foo+0x1/0x2")).isTrue();
    }

    /** Rows no file of syzkaller's corpus shows: each with a report of its own. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            BUG: KFENCE: invalid free in test_double_free+0xdc/0x171\\n\\nInvalid free of 0xffff8c2aae232000:\\n test_double_free+0xdc/0x171 | KFENCE: invalid free in test_double_free
            BUG: lock held when returning to user space!\\nsyz/1 is leaving the kernel with locks still held!\\n1 lock held by syz/1:\\n #0: (&x->lock){+.+.}, at: [<ffffffff81000000>] foo_ioctl+0x17/0x60 | BUG: lock held when returning to user space in foo_ioctl
            BUG: syz/1 still has locks held!\\n1 lock held by syz/1:\\n #0:  (&x->lock){+.+.}, at: [<ffffffff81000000>] bar_release+0x22/0x40 | BUG: still has locks held in bar_release
            BUG: Bad rss-counter state mm:00000000a1b2c3d4 type:MM_ANONPAGES val:1 | BUG: Bad rss-counter state
            BUG: non-zero nr_ptes on freeing mm: 2                                | BUG: non-zero nr_ptes on freeing mm
            WARNING: possible irq lock inversion dependency detected\\nsyz/1 just changed the state of lock:\\n (&x->lock){+.+.}, at: [<ffffffff81000000>] baz_irq+0x17/0x60 | possible deadlock in baz_irq
            WARNING: kernel stack regs at 00000000a1b2c3d4 in syz:1 has bad 'bp' value 0000000000000000 | WARNING: kernel stack regs has bad 'bp' value
            INFO: inconsistent lock state ]\\ninconsistent {SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W} usage.\\nsyz/1 takes:\\n (&x->lock){+.?...}, at: [<ffffffff81000000>] qux_timer+0x10/0x20 | inconsistent lock state in qux_timer
            Kernel BUG at ffffffff81234567 [verbose debug info unavailable]      | kernel BUG at ADDR [verbose debug info unavailable]
            invalid opcode: 0001 [#1] SMP\\nRIP: 0010:foo_op+0x1/0x2                | invalid opcode in foo_op
            UBSAN: shift-out-of-bounds in fs/foo.c:12:3\\nCall Trace:\\n dump_stack+0x1/0x2\\n ubsan_epilogue+0x1/0x2\\n foo_shift+0x1/0x2\\n foo_ioctl+0x1/0x2 | UBSAN: shift-out-of-bounds in foo_shift
            panic: Sentry detected 3 stuck task(s):                               | panic: Sentry detected stuck tasks
            a.out invoked oom-killer: gfp_mask=0x140dca, order=0\\nCall Trace:\\n dump_stack+0x1/0x2\\n dump_header+0x1/0x2\\n out_of_memory+0x1/0x2 | out of memory in dump_header
            NMI watchdog: Watchdog detected hard LOCKUP on cpu 1\\nRIP: 0010:spin_forever+0x1/0x2 [demo]\\nCall Trace:\\n spin_forever+0x1/0x2 [demo] | watchdog: hard LOCKUP in spin_forever
            unreferenced object 0xffff888012345678 (size 32):\\n  backtrace:\\n    kmalloc_trace+0x1/0x2\\n    demo_open+0x1/0x2 [demo]\\n    do_sys_open+0x1/0x2 | memory leak in demo_open
            Oops: Kernel access of bad area, sig: 11 [#1]\\nNIP [c000000000123456] demo_write+0x1/0x2\\nCall Trace:\\n[c0000000] [c000000000123456] demo_write+0x1/0x2 | Oops in demo_write
            Oops[#1]:\\nCPU: 0 PID: 1 Comm: a Not tainted 5.15.0 #0\\nepc   : 80123456 demo_bad+0x10/0x20 [demo]\\nra    : 80123400 demo_ioctl+0x40/0x80 [demo]\\nCall Trace:\\n[<80123456>] demo_bad+0x10/0x20 [demo] | Oops in demo_bad
            Oops - illegal instruction [#1]\\nepc : demo_bad+0x10/0x20 [demo]\\n ra : demo_ioctl+0x40/0x80 [demo]\\nCall Trace:\\n[<ffffffff01a3c01a>] demo_bad+0x10/0x20 [demo] | Oops - illegal instruction in demo_bad
            Reserved instruction in kernel code[#1]:\\nepc   : 80123456 demo_bad+0x10/0x20 [demo]\\nCall Trace:\\n[<80123456>] demo_bad+0x10/0x20 [demo] | Reserved instruction in kernel code in demo_bad
            Unable to handle kernel paging request for data at address 0x00000010\\nNIP [d000000001230048] .demo_show+0x28/0x60 [demo]\\nCall Trace:\\n[c0000001fd7c3c90] [c0000000002f19a4] .seq_read+0xe4/0x520 (unreliable) | BUG: unable to handle kernel paging request in demo_show
            Internal error: Oops: 17 [#1] ARM\\nPC is at demo_read+0x24/0x58 [demo]\\nBacktrace:\\n[<bf000080>] (demo_read [demo]) from [<c03a1c5c>] (vfs_read+0xa8/0x188) | Internal error in demo_read
            BUG: KASan: user memory access on address 0000000000000010\\nRead of size 8 by task a.out/512 | KASAN: user memory access Read
            PANIC at avl.c:624:avl_add()\\nShowing stack for process 2039 | PANIC at avl.c in avl_add
            PANIC: zfs: adding existent segment to range tree (offset=1a000 size=2000) | PANIC: zfs: adding existent segment to range tree (offset=1a000 size=NUM)
            a.out: vmalloc error: size 4096, vm_struct allocation failed, mode:0xcc0(GFP_KERNEL)\\nCall Trace:\\n dump_stack+0x1/0x2\\n warn_alloc+0x1/0x2\\n __vmalloc_node_range+0x1/0x2\\n demo_map+0x1/0x2 [demo] | vmalloc allocation failure in demo_map
            Kernel unaligned access at TPC[4a1b2c] tcp_v4_rcv+0x4c/0x600     | unaligned access in tcp_v4_rcv
            Oops - load address misaligned [#1]\\nepc : demo_read+0x1e/0x40 [demo] | unaligned access in demo_read
            Unhandled 64-bit el1h sync exception on CPU0, ESR 0x0000000086000004 -- IABT (current EL)\\npc : demo_jump+0x10/0x20\\nCall trace:\\n demo_jump+0x10/0x20 | Unhandled el1h sync exception in demo_jump
            INFO: Slab 0xffffea0001a4ef00 objects=17 used=7 fp=0xffff8800693bd728 | INFO: Slab ADDR objects=NUM used=NUM fp=ADDR
            Killed process 4021 (chrome) total-vm:8123400kB, anon-rss:2097152kB | out of memory: killed chrome
            BUG: using smp_processor_id() in preemptible [00000000] code: cam/1\\ncaller is demo_q+0x3c/0x1a0 [demo]\\nCall trace:\\n dump_backtrace+0x0/0x19c\\n show_stack+0x14/0x1c\\n dump_stack+0xc0/0xfc\\n check_preemption_disabled+0xe8/0xfc\\n debug_smp_processor_id+0x1c/0x24\\n demo_q+0x3c/0x1a0 [demo] | BUG: using smp_processor_id() in preemptible code in demo_q
            INFO: task a:1 is blocked on a mutex likely owned by task b:2.\\ntask:b state:D stack:0 pid:2\\nCall Trace:\\n __schedule+0x1/0x2\\n schedule+0x1/0x2\\n demo_lock+0x1/0x2 [demo] | INFO: task hung in demo_lock
            """)
    void rowsWithoutCorpusFiles(String report, String title) {
        assertThat(Logs.title(report.replace("\\n", "\n")).title()).isEqualTo(title);
    }
}
