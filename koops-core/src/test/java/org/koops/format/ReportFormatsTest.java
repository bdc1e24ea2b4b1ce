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
            """)
    void notHeaders(String line) {
        assertThat(ReportFormats.header(line)).isNull();
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
            """)
    void rowsWithoutCorpusFiles(String report, String title) {
        assertThat(Logs.title(report.replace("\\n", "\n")).title()).isEqualTo(title);
    }
}
