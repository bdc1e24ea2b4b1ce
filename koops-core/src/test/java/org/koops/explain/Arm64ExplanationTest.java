package org.koops.explain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.koops.model.Arch;

/** arm64 reports: the abort block, the ESR in the Oops line, PSTATE, pc/lr and the x registers. */
class Arm64ExplanationTest {
    private static final Annotations A = Annotations.of("""
            [  402.118532] Unable to handle kernel NULL pointer dereference at virtual address 0000000000000048
            [  402.118540] Mem abort info:
            [  402.118542]   ESR = 0x0000000096000046
            [  402.118545]   EC = 0x25: DABT (current EL), IL = 32 bits
            [  402.118547]   SET = 0, FnV = 0
            [  402.118549]   EA = 0, S1PTW = 0
            [  402.118551]   FSC = 0x06: level 2 translation fault
            [  402.118553] Data abort info:
            [  402.118555]   ISV = 0, ISS = 0x00000046, ISS2 = 0x00000000
            [  402.118557]   CM = 0, WnR = 1, TnD = 0, TagAccess = 0
            [  402.118559] user pgtable: 4k pages, 48-bit VAs, pgdp=0000000106f2c000
            [  402.118562] [0000000000000048] pgd=0800000106f2d003, p4d=0800000106f2d003, pud=0800000106f2e003, pmd=0000000000000000
            [  402.118570] Internal error: Oops: 0000000096000046 [#1] PREEMPT SMP
            [  402.118575] Modules linked in: gadget_drv(O) cfg80211
            [  402.118590] CPU: 3 PID: 1187 Comm: kworker/3:1 Tainted: G           O       6.6.20-rpi #1
            [  402.118594] Hardware name: Raspberry Pi 4 Model B Rev 1.4 (DT)
            [  402.118597] Workqueue: events gadget_work [gadget_drv]
            [  402.118600] pstate: 604000c5 (nZCv daIF +PAN -UAO -TCO -DIT -SSBS BTYPE=--)
            [  402.118603] pc : gadget_complete+0x2c/0x88 [gadget_drv]
            [  402.118610] lr : gadget_work+0x54/0xa0 [gadget_drv]
            [  402.118614] sp : ffffffc08222bd30
            [  402.118616] x29: ffffffc08222bd30 x28: 0000000000000000 x27: 0000000000000000
            [  402.118620] x2 : 6f6c6c6568656c6c x1 : 0000000000000048 x0 : 0000000000000000
            [  402.118625] Call trace:
            [  402.118627]  gadget_complete+0x2c/0x88 [gadget_drv]
            [  402.118631]  gadget_work+0x54/0xa0 [gadget_drv]
            [  402.118634]  process_one_work+0x148/0x3b8
            [  402.118638]  worker_thread+0x32c/0x450
            [  402.118641]  kthread+0x118/0x128
            [  402.118644]  ret_from_fork+0x10/0x20
            [  402.118648] Code: f9400c00 b4000160 f9400801 d2800902 (f9002422)
            [  402.118652] ---[ end trace 0000000000000000 ]---
            """);

    @Test
    void abortBlockIsDecodedFieldByField() {
        assertThat(A.meaning("Unable to handle kernel NULL")).contains("NULL pointer + 0x48");
        assertThat(A.meaning("ESR = ")).contains("0x96000046").contains("syndrome").doesNotContain("differs");
        assertThat(A.meaning("EC = ")).contains("EC = 0x25").contains("data abort").contains("kernel load or store")
                .contains("IL = 32 bits");
        assertThat(A.meaning("SET = ")).contains("FnV = 0").contains("fault address");
        assertThat(A.meaning("FSC = ")).contains("level 2 translation fault").contains("not mapped");
        assertThat(A.meaning("CM = ")).contains("WnR = 1: the access was a write");
        assertThat(A.meaning("[0000000000000048] pgd=")).contains("pmd=0: empty");
    }

    @Test
    void oopsLineCarriesTheEsr() {
        assertThat(A.meaning("Internal error: Oops:")).contains("cannot handle").contains("[#1]").contains("PREEMPT:")
                .as("the ESR block read the syndrome out already").doesNotContain("DABT");
        Annotations alone = Annotations.parsed("""
                Internal error: Oops: 0000000096000046 [#1] SMP
                pc : gadget_complete+0x2c/0x60
                """, Arch.ARM64);
        assertThat(alone.meaning("Internal error: Oops:")).contains("ESR").contains("DABT (current EL)")
                .contains("level 2 translation fault");
    }

    @Test
    void registersAreReadLikeOnX86() {
        assertThat(A.meaning("pstate:")).contains("EL1h").contains("I = 1: IRQs were masked");
        assertThat(A.meaning("pc : ")).contains("0x2c bytes into gadget_complete");
        assertThat(A.meaning("Workqueue:")).contains("module gadget_drv (O: out-of-tree)");
        assertThat(A.line("pc : ").sameAs()).containsExactly(A.line("Workqueue:").line().number());
        assertThat(A.meaning("lr : ")).contains("return address").contains("caller");
        assertThat(A.meaning("x2 : ")).contains("x1 = 0x48: equals the fault address")
                .contains("x2 = 0x6f6c6c6568656c6c: the bytes read \"llehello\"");
        assertThat(A.meaning("x29:")).contains("frame pointer").contains("x0-x7");
        assertThat(A.meaning("Hardware name:")).contains("device tree");
        assertThat(A.meaning("Workqueue:")).contains("gadget_work()").contains("\"events\"").contains("module gadget_drv");
    }

    @Test
    void callTraceAndCode() {
        assertThat(A.meaning("Call trace:")).contains("innermost");
        assertThat(A.meaning("gadget_complete+0x2c")).contains("same function as the instruction pointer")
                .doesNotContain("Called by");
        assertThat(A.meaning("process_one_work")).contains("workqueue");
        assertThat(A.meaning("Code: ")).contains("32-bit words").contains("parentheses");
    }

    @Test
    void bugTrapDecodesTheBrkComment() {
        Annotations bug = Annotations.parsed("""
                Internal error: Oops - BUG: 00000000f2000800 [#1] SMP
                pc : check_state+0x10/0x20
                Code: d503233f a9bf7bfd 910003fd (d4210000)
                """, Arch.ARM64);
        assertThat(bug.meaning("Internal error")).contains("BRK").contains("BUG_BRK_IMM");
        assertThat(bug.meaning("Code: ")).contains("brk #0x800").contains("BUG() or WARN()");
    }

    @Test
    void addressBetweenRangesAndSwapperMm() {
        Annotations a = Annotations.parsed("""
                Unable to handle kernel paging request at virtual address 0051d5f0a1b2c3d4
                [0051d5f0a1b2c3d4] address between user and kernel address ranges
                [0000000000000010] user address but active_mm is swapper
                """, Arch.ARM64);
        assertThat(a.meaning("Unable to handle")).contains("between user and kernel address ranges");
        assertThat(a.meaning("[0051d5f0a1b2c3d4]")).contains("gap between the user (TTBR0) and kernel (TTBR1)");
        assertThat(a.meaning("[0000000000000010]")).contains("kernel thread");
    }
}
