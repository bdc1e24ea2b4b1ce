package org.koops.explain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.koops.Koops;
import org.koops.model.AnnotatedLine;
import org.koops.model.CrashReport;

/** A NULL dereference in an out-of-tree module, read from a /proc file: the x86-64 oops read line by line. */
class X86OopsExplanationTest {
    private static final String LOG = """
            [  812.114301] BUG: kernel NULL pointer dereference, address: 0000000000000010
            [  812.114305] #PF: supervisor read access in kernel mode
            [  812.114307] #PF: error_code(0x0000) - not-present page
            [  812.114308] PGD 0 P4D 0
            [  812.114311] Oops: 0000 [#1] PREEMPT SMP NOPTI
            [  812.114313] CPU: 2 PID: 3310 Comm: head Tainted: P           OE      6.5.0-27-generic #28~22.04.1-Ubuntu
            [  812.114316] Hardware name: QEMU Standard PC (Q35 + ICH9, 2009), BIOS 1.16.2-debian-1.16.2-1 04/01/2014
            [  812.114318] RIP: 0010:demo_show+0x21/0x90 [demo]
            [  812.114324] Code: 0f 1f 44 00 00 55 48 89 e5 41 54 53 48 8b 5f 78 48 85 db 74 3e <8b> 33 48 c7 c7 40 20 a0 c0 e8 1b 2c 5f d8 31 c0
            [  812.114326] RSP: 0018:ffffb0a5c1a4fc58 EFLAGS: 00010046
            [  812.114328] RAX: 0000000000000000 RBX: 0000000000000010 RCX: 0000000000000000
            [  812.114330] RDX: dead000000000122 RSI: ffff9c0e4a3b1e00 RDI: ffff9c0e4a3b1e00
            [  812.114331] RBP: ffffb0a5c1a4fc68 R08: 0000000000000000 R09: 0000000000000000
            [  812.114332] R10: 0000000000000000 R11: 0000000000000000 R12: ffff9c0e4a3b1e00
            [  812.114333] R13: 0000000000000001 R14: ffffb0a5c1a4fd50 R15: 0000000000000000
            [  812.114335] FS:  00007f2b1d8c2740(0000) GS:ffff9c0fb7d00000(0000) knlGS:0000000000000000
            [  812.114336] CS:  0010 DS: 0000 ES: 0000 CR0: 0000000080050033
            [  812.114337] CR2: 0000000000000010 CR3: 000000010a2e6000 CR4: 00000000000006e0
            [  812.114339] Call Trace:
            [  812.114340]  <TASK>
            [  812.114342]  ? __die+0x20/0x70
            [  812.114345]  ? page_fault_oops+0x15b/0x460
            [  812.114349]  ? exc_page_fault+0x77/0x170
            [  812.114351]  ? asm_exc_page_fault+0x27/0x30
            [  812.114354]  ? demo_show+0x21/0x90 [demo]
            [  812.114357]  seq_read_iter+0x124/0x4b0
            [  812.114360]  proc_reg_read_iter+0x5a/0xa0
            [  812.114362]  vfs_read+0x20e/0x360
            [  812.114365]  ksys_read+0x73/0x100
            [  812.114367]  __x64_sys_read+0x19/0x30
            [  812.114369]  do_syscall_64+0x59/0x90
            [  812.114372]  entry_SYSCALL_64_after_hwframe+0x6e/0xd8
            [  812.114375] RIP: 0033:0x7f2b1d914a61
            [  812.114376] Code: 00 48 8b 15 b9 33 0e 00 f7 d8 64 89 02 b8 ff ff ff ff eb bd e8 40 c4 01 00 f3 0f 1e fa 80 3d e5 b9 0e 00 00 74 13 31 c0 0f 05 <48> 3d 00 f0 ff ff 77 4f c3 66 0f 1f 44 00 00 55 48 89 e5
            [  812.114377] RSP: 002b:00007ffd9f1f2a68 EFLAGS: 00000246 ORIG_RAX: 0000000000000000
            [  812.114379] RAX: ffffffffffffffda RBX: 0000000000002000 RCX: 00007f2b1d914a61
            [  812.114380] RDX: 0000000000002000 RSI: 00007f2b1d8a0000 RDI: 0000000000000003
            [  812.114381] RBP: 00007ffd9f1f2b90 R08: 0000000000000000 R09: 0000000000000000
            [  812.114382] R10: 0000000000000022 R11: 0000000000000246 R12: 0000000000002000
            [  812.114383] R13: 00007f2b1d8a0000 R14: 0000000000000003 R15: 0000000000000000
            [  812.114385]  </TASK>
            [  812.114386] Modules linked in: demo(OE) nvidia(POE) snd_hda_intel e1000e
            [  812.114390]  xt_conntrack [last unloaded: demo_old(OE)]
            [  812.114392] CR2: 0000000000000010
            [  812.114393] ---[ end trace 0000000000000000 ]---
            [  812.114394] Kernel Offset: 0x1c600000 from 0xffffffff81000000 (relocation range: 0xffffffff80000000-0xffffffffbfffffff)
            [  812.114395] note: head[3310] exited with irqs disabled
            """;

    private static final Annotations A = Annotations.of(LOG);

    @Test
    void everyLineGetsOneAnnotationInOrder() {
        CrashReport r = Koops.create().analyze("t", LOG).reports().get(0);
        assertThat(r.annotated()).extracting(AnnotatedLine::line).containsExactlyElementsOf(r.lines());
        long unexplained = r.annotated().stream().filter(l -> l.meanings().isEmpty() && l.sameAs().isEmpty()).count();
        assertThat(unexplained).isZero();
    }

    @Test
    void eachNoteIsSaidOnceAndLaterLinesReferToIt() {
        CrashReport r = Koops.create().analyze("t", LOG).reports().get(0);
        java.util.List<String> notes = r.annotated().stream().flatMap(l -> l.meanings().stream()).toList();
        assertThat(notes).doesNotHaveDuplicates();
        AnnotatedLine first = A.line("? __die");
        assertThat(first.meanings()).anyMatch(m -> m.startsWith("'?': unreliable"));
        assertThat(A.line("? page_fault_oops").meanings()).isEmpty();
        assertThat(A.line("? page_fault_oops").sameAs()).containsExactly(first.line().number());
        assertThat(A.line("</TASK>").sameAs()).containsExactly(A.line("<TASK>").line().number());
    }

    @Test
    void headerNamesTheNullOffset() {
        assertThat(A.meaning("BUG: kernel NULL")).contains("NULL pointer").contains("0x10").contains("offset 0x10");
    }

    @Test
    void pageFaultLinesSayReadKernelNotPresent() {
        assertThat(A.meaning("#PF: supervisor read")).contains("read").contains("kernel mode").contains("kernel itself");
        assertThat(A.meaning("#PF: error_code")).contains("Error code 0x0000").contains("read, kernel mode, not-present page");
        assertThat(A.meaning("PGD 0 P4D 0")).contains("PGD 0: empty").contains("P4D 0: empty");
    }

    @Test
    void oopsLineDecodesCodeCountAndEveryWord() {
        assertThat(A.meaning("Oops: 0000")).contains("cannot handle").contains("[#1]: the first oops since boot")
                .contains("PREEMPT:").contains("SMP:").contains("NOPTI:")
                .as("the #PF line read the error code out already").doesNotContain("page-fault error code");
    }

    @Test
    void taskLineDecodesEveryTaintLetterAndTheRelease() {
        String cpu = A.meaning("CPU: 2 PID: 3310");
        assertThat(cpu).contains("CPU 2").contains("PID 3310").contains("\"head\"")
                .contains("Taint P (bit 0, PROPRIETARY_MODULE)").contains("O (bit 12, OOT_MODULE)")
                .contains("E (bit 13, UNSIGNED_MODULE)").contains("6.5.0-27-generic").contains("Ubuntu");
        assertThat(A.meaning("Hardware name:")).contains("QEMU").contains("1.16.2-debian-1.16.2-1").contains("04/01/2014");
    }

    @Test
    void ripNamesFunctionOffsetSizeAndTaintedModule() {
        assertThat(A.meaning("RIP: 0010:")).contains("The instruction that faulted").contains("__KERNEL_CS")
                .contains("0x21 bytes into demo_show (a 0x90-byte function)").contains("module demo (OE: out-of-tree, unsigned)");
        assertThat(A.meaning("Code: 0f 1f")).contains("21 bytes before it").contains("first byte of the instruction there")
                .doesNotContain("decodecode");
    }

    @Test
    void registerLinesPointAtTheBadPointer() {
        assertThat(A.meaning("RAX: 0000000000000000 RBX:")).contains("RBX = 0x10: equals CR2, the fault address")
                .contains("probably held the bad pointer").doesNotContain("RAX = 0x0: NULL");
        assertThat(A.meaning("RAX: 0000000000000000 RBX:")).contains("RDI, RSI, RDX, RCX, R08, R09");
        assertThat(A.meaning("RDX: dead000000000122")).contains("LIST_POISON2");
        assertThat(A.meaning("RSP: 0018:")).contains("kernel stack pointer").contains("IF = 0: interrupts were disabled")
                .contains("__KERNEL_DS");
    }

    @Test
    void controlRegistersAreDecoded() {
        assertThat(A.meaning("CS:  0010")).contains("CS = 0010: __KERNEL_CS").contains("DS, ES = 0000: null selector")
                .contains("CR0 = 0x80050033").contains("WP").contains("normal");
        assertThat(A.meaning("CR2: 0000000000000010 CR3")).contains("CR2 = 0x10: the address whose access caused the page fault")
                .contains("CR3 = 0x10a2e6000: page-table root").contains("CR4 = 0x6e0");
        assertThat(A.meaning("FS:")).contains("thread-local storage").contains("per-CPU");
    }

    @Test
    void framesAreReadForReliabilityRoleAndModule() {
        assertThat(A.meaning("? __die")).contains("unreliable").contains("not proven part of the call chain")
                .contains("Exception handling");
        assertThat(A.meaning("? demo_show")).contains("same place as the instruction pointer");
        assertThat(A.meaning("seq_read_iter")).contains("innermost reliable frame").contains("demo_show")
                .contains("nearest proven caller").contains("Seq_file").doesNotContain("Called by");
        assertThat(A.meaning("ksys_read")).contains("The read() system call");
        assertThat(A.line("__x64_sys_read").sameAs()).containsExactly(A.line("ksys_read").line().number());
        assertThat(A.meaning("entry_SYSCALL_64_after_hwframe")).contains("outermost frame");
        assertThat(A.line("entry_SYSCALL_64_after_hwframe").sameAs()).containsExactly(A.line("do_syscall_64").line().number());
        assertThat(A.meaning("<TASK>")).contains("process context");
        assertThat(A.meaning("Call Trace:")).contains("innermost");
    }

    @Test
    void userSpaceBlockIsReadAsTheSystemCall() {
        assertThat(A.meaning("RIP: 0033:")).contains("__USER_CS").contains("user space");
        assertThat(A.meaning("Code: 00 48 8b")).contains("0f 05").contains("syscall instruction");
        assertThat(A.meaning("RSP: 002b:")).contains("ORIG_RAX = 0x0: system call number 0, read()")
                .contains("RDI = 0x3, RSI = 0x7f2b1d8a0000, RDX = 0x2000");
        assertThat(A.meaning("RAX: ffffffffffffffda")).contains("-ENOSYS").contains("RCX, R11: the user RIP and EFLAGS again")
                .doesNotContain("fault address");
        assertThat(A.line("R10: 0000000000000022").sameAs()).contains(A.line("RAX: ffffffffffffffda").line().number());
    }

    @Test
    void moduleListNamesTheTaintedModulesAndLastUnloaded() {
        assertThat(A.meaning("Modules linked in:")).contains("5 modules").contains("demo (OE)").contains("nvidia (POE)")
                .as("the task line explained the letters").doesNotContain("a proprietary");
        assertThat(A.line("Modules linked in:").sameAs()).isEmpty();
        assertThat(A.meaning("xt_conntrack")).contains("continued").contains("Last unloaded: demo_old (OE)");
    }

    @Test
    void tailLinesAreExplained() {
        assertThat(A.all().stream().filter(l -> l.line().text().equals("CR2: 0000000000000010")).findFirst()
                .orElseThrow().meanings()).anyMatch(m -> m.contains("printed again"));
        assertThat(A.meaning("---[ end trace")).contains("End of the oops report");
        assertThat(A.meaning("Kernel Offset:")).contains("KASLR").contains("0x1c600000");
        assertThat(A.meaning("note: head[3310]")).contains("as they already were at the fault").contains("never released");
    }
}
