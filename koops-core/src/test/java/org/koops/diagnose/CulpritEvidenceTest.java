package org.koops.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.koops.Koops;
import org.koops.model.Cause;
import org.koops.model.CrashReport;
import org.koops.model.Culprit;
import org.koops.model.Kind;
import org.koops.model.NextStep;
import org.koops.model.ReportedPlace;

/**
 * The culprit from the strongest evidence a report has: the frame the title's rule names (past reporting, trap,
 * lock and library code), the code an entry frame ran, else the place the report names; the generic code it
 * happened in as its victim. The logs are written for each rule.
 */
class CulpritEvidenceTest {
    private static CrashReport first(String log) {
        var reports = Koops.create().analyze("test.log", log).reports();
        assertThat(reports).isNotEmpty();
        return reports.get(0);
    }

    @Test
    void aTreeHelperIsTheVictimOfItsCaller() {
        CrashReport r = first("""
                [   12.000000] general protection fault, probably for non-canonical address 0xdead000000000122: 0000 [#1] PREEMPT SMP NOPTI
                [   12.000001] CPU: 1 PID: 42 Comm: lab Tainted: G           O      6.1.0 #1
                [   12.000002] RIP: 0010:rb_erase+0x1d0/0x3a0
                [   12.000003] RSP: 0018:ffffc90000237d58 EFLAGS: 00010246
                [   12.000004] Call Trace:
                [   12.000005]  <TASK>
                [   12.000006]  timerqueue_del+0x2e/0x60
                [   12.000007]  lab_timer_cancel+0x21/0x40 [lab_timer]
                [   12.000008]  lab_write+0x13/0x1c [lab_timer]
                [   12.000009]  vfs_write+0xc7/0x3f0
                [   12.000010]  ksys_write+0x6b/0xf0
                [   12.000011]  do_syscall_64+0x5d/0xb0
                [   12.000012]  entry_SYSCALL_64_after_hwframe+0x6e/0xd8
                [   12.000013]  </TASK>
                [   12.000014] Modules linked in: lab_timer(O)
                """);
        assertThat(r.title()).isEqualTo("general protection fault in timerqueue_del");
        Culprit c = r.diagnosis().culprit();
        assertThat(c.function()).isEqualTo("timerqueue_del");
        assertThat(c.victim()).isNotNull();
        assertThat(c.victim().function()).isEqualTo("rb_erase");
        assertThat(c.victim().frame().symbolic()).isEqualTo("rb_erase+0x1d0/0x3a0");
        assertThat(c.victim().calledBy()).isEqualTo("timerqueue_del");
        assertThat(c.victim().reason()).contains("tree");
        assertThat(r.diagnosis().summary()).contains("in rb_erase+0x1d0/0x3a0 on behalf of timerqueue_del+0x2e/0x60");
    }

    @Test
    void theAllocatorFedACorruptedFreeListIsTheVictim() {
        CrashReport r = first("""
                [   30.100000] general protection fault, probably for non-canonical address 0x4141414141414141: 0000 [#1] PREEMPT SMP NOPTI
                [   30.100001] CPU: 0 PID: 77 Comm: sh Tainted: G           OE      6.1.0 #1
                [   30.100002] RIP: 0010:__kmalloc+0xf3/0x3a0
                [   30.100003] RSP: 0018:ffffc90000237d58 EFLAGS: 00010246
                [   30.100004] Call Trace:
                [   30.100005]  <TASK>
                [   30.100006]  lab_item_new+0x1a/0x50 [lab_slab]
                [   30.100007]  lab_write+0x23/0x40 [lab_slab]
                [   30.100008]  vfs_write+0xc7/0x3f0
                [   30.100009]  ksys_write+0x6b/0xf0
                [   30.100010]  do_syscall_64+0x5d/0xb0
                [   30.100011]  entry_SYSCALL_64_after_hwframe+0x6e/0xd8
                [   30.100012]  </TASK>
                [   30.100013] Modules linked in: lab_slab(OE)
                """);
        Culprit c = r.diagnosis().culprit();
        assertThat(c.function()).isEqualTo("lab_item_new");
        assertThat(c.module()).isEqualTo("lab_slab");
        assertThat(c.victim().function()).isEqualTo("__kmalloc");
        assertThat(c.victim().reason()).contains("allocator").contains("corrupted earlier");
    }

    @Test
    void aReferenceCountHelperThatWarnsIsTheVictimOfTheCodeThatDroppedTheReference() {
        CrashReport r = first("""
                [    5.000000] refcount_t: underflow; use-after-free.
                [    5.000001] WARNING: CPU: 0 PID: 80 at lib/refcount.c:28 refcount_warn_saturate+0xba/0x110
                [    5.000002] Modules linked in: lab_ref(OE)
                [    5.000003] CPU: 0 PID: 80 Comm: insmod Tainted: G           OE      6.1.0 #1
                [    5.000004] RIP: 0010:refcount_warn_saturate+0xba/0x110
                [    5.000005] Call Trace:
                [    5.000006]  <TASK>
                [    5.000007]  lab_conn_put+0x2a/0x30 [lab_ref]
                [    5.000008]  lab_ref_init+0x21/0x1000 [lab_ref]
                [    5.000009]  do_one_initcall+0x5b/0x240
                [    5.000010]  do_init_module+0x4c/0x1f0
                [    5.000011]  </TASK>
                [    5.000012] ---[ end trace 0000000000000000 ]---
                """);
        assertThat(r.title()).isEqualTo("WARNING: refcount bug in lab_conn_put");
        Culprit c = r.diagnosis().culprit();
        assertThat(c.function()).isEqualTo("lab_conn_put");
        assertThat(c.module()).isEqualTo("lab_ref");
        assertThat(c.victim().function()).isEqualTo("refcount_warn_saturate");
        assertThat(c.victim().calledBy()).isEqualTo("lab_conn_put");
        assertThat(c.victim().reason()).contains("reference");
    }

    @Test
    void aModulesFunctionIsItsOwnCodeWhateverItsNameResembles() {
        CrashReport r = first("""
                [  700.100000] general protection fault, probably for non-canonical address 0xdead000000000122: 0000 [#1] PREEMPT SMP NOPTI
                [  700.100001] CPU: 0 PID: 77 Comm: kworker/0:1 Tainted: G           O       6.1.0-27-amd64 #1  Debian 6.1.115-1
                [  700.100002] RIP: 0010:__list_del_entry_valid+0x2a/0x80
                [  700.100003] RSP: 0018:ffffb4e0c1c8fd48 EFLAGS: 00010246
                [  700.100004] Call Trace:
                [  700.100005]  <TASK>
                [  700.100006]  lab_list_del+0x2a/0x80 [lab_list]
                [  700.100007]  </TASK>
                """);
        assertThat(r.title()).as("syzkaller's titles pass over any name holding list_del").endsWith(" in corrupted");
        Culprit c = r.diagnosis().culprit();
        assertThat(c.function()).isEqualTo("lab_list_del");
        assertThat(c.module()).isEqualTo("lab_list");
        assertThat(c.victim().function()).isEqualTo("__list_del_entry_valid");
        assertThat(r.displayTitle()).startsWith("general protection fault in lab_list_del [lab_list] (");
    }

    @Test
    void theCodeAnEntryFrameRanIsTheCulpritWhateverItsNameResembles() {
        CrashReport r = first("""
                [   20.000000] ==================================================================
                [   20.000001] BUG: KASAN: slab-out-of-bounds in kmalloc_lab_oob+0x190/0x3b8
                [   20.000002] Write of size 1 at addr ffff888004f1e473 by task kunit_try_catch/191
                [   20.000003]
                [   20.000004] CPU: 1 PID: 191 Comm: kunit_try_catch Tainted: G    B   N 6.1.0 #1
                [   20.000005] Call Trace:
                [   20.000006]  <TASK>
                [   20.000007]  dump_stack_lvl+0x48/0x5f
                [   20.000008]  print_report+0x184/0x4b7
                [   20.000009]  kasan_report+0xae/0x100
                [   20.000010]  kmalloc_lab_oob+0x190/0x3b8
                [   20.000011]  kunit_try_run_case+0x8c/0x124
                [   20.000012]  kunit_generic_run_threadfn_adapter+0x1c/0x28
                [   20.000013]  kthread+0x10c/0x130
                [   20.000014]  ret_from_fork+0x1f/0x30
                [   20.000015]  </TASK>
                """);
        assertThat(r.title()).as("syzkaller's title passes over kmalloc*").isEqualTo(
                "KASAN: slab-out-of-bounds Write in kunit_try_run_case");
        Culprit c = r.diagnosis().culprit();
        assertThat(c.function()).isEqualTo("kmalloc_lab_oob");
        assertThat(c.reason()).contains("kunit_try_run_case ran");
    }

    @Test
    void theExitPathATitleNamesStaysTheCulprit() {
        CrashReport r = first("""
                [  246.752196] INFO: task lab:10244 blocked for more than 120 seconds.
                [  246.759582]       Not tainted 6.1.0 #1
                [  246.772168] task:lab             state:D stack:23984 pid:10244 ppid:4352 flags:0x00004004
                [  246.777823] Call Trace:
                [  246.780435]  <TASK>
                [  246.780436]  __schedule+0x8eb/0x2060
                [  246.806033]  schedule+0xf5/0x430
                [  246.846320]  rwsem_down_read_slowpath+0x401/0x6e0
                [  246.873269]  down_read+0xa4/0x150
                [  246.897704]  do_exit+0x4b0/0x1ad0
                [  246.897705]  do_group_exit+0x3a/0xa0
                [  246.897706]  get_signal+0x8a4/0x8e0
                [  246.897707]  </TASK>
                """);
        assertThat(r.title()).isEqualTo("INFO: task hung in do_exit");
        assertThat(r.diagnosis().culprit().function()).isEqualTo("do_exit");
    }

    @Test
    void aSystemCallWrapperIsNamedByItsCallAsTitlesNameIt() {
        CrashReport r = first("""
                [   40.000000] WARNING: CPU: 0 PID: 9 at kernel/signal.c:100 __x64_sys_rt_sigreturn+0x1c/0x40
                [   40.000001] Modules linked in:
                [   40.000002] RIP: 0010:__x64_sys_rt_sigreturn+0x1c/0x40
                [   40.000003] Call Trace:
                [   40.000004]  <TASK>
                [   40.000005]  do_syscall_64+0x5d/0xb0
                [   40.000006]  entry_SYSCALL_64_after_hwframe+0x6e/0xd8
                [   40.000007]  </TASK>
                """);
        assertThat(r.title()).isEqualTo("WARNING in sys_rt_sigreturn");
        Culprit c = r.diagnosis().culprit();
        assertThat(c.function()).isEqualTo("sys_rt_sigreturn");
        assertThat(c.frame().function()).isEqualTo("__x64_sys_rt_sigreturn");
        assertThat(c.reason()).contains("printed as __x64_sys_rt_sigreturn");
        assertThat(r.diagnosis().summary()).contains("in __x64_sys_rt_sigreturn+0x1c/0x40");
    }

    @Test
    void aWarningWhoseTraceIsCutIsPlacedByItsWarningLine() {
        CrashReport r = first("""
                Mar 12 13:22:14 host kernel: WARNING: CPU: 4 PID: 0 at /build/linux/lib/list_debug.c:62 lab_target+0x68f/0xfd0 [lab_nf]
                Mar 12 13:22:14 host kernel: list_del corruption. next->prev should be ffff92e8ae4f58f0, but was ffffffffc0633428
                Mar 12 13:22:14 host kernel: Modules linked in: lab_nf(OE) xt_CT
                Mar 12 13:22:14 host kernel: CPU: 4 PID: 0 Comm: swapper/4 Tainted: G           OE   4.9.0-1-amd64 #1 Debian 4.9.6-3
                Mar 12 13:22:14 host kernel: Call Trace:
                Mar 12 13:22:14 host kernel:  <IRQ>
                Mar 12 13:22:14 host kernel:  [<ffffffffb0128e34>] ? dump_stack+0x5c/0x78
                Mar 12 13:22:14 host kernel:  [<ffffffffafe76dde>] ? __warn+0xbe/0xe0
                """);
        assertThat(r.title()).isEqualTo("WARNING in corrupted");
        Culprit c = r.diagnosis().culprit();
        assertThat(c.function()).isEqualTo("lab_target");
        assertThat(c.module()).isEqualTo("lab_nf");
        assertThat(c.moduleTaints()).isNotEmpty();
        assertThat(c.reason()).contains("WARNING line");
        assertThat(r.displayTitle()).startsWith("WARNING in lab_target [lab_nf] (");
        assertThat(r.diagnosis().summary()).contains("in lab_target+0x68f/0xfd0 [lab_nf]");
    }

    @Test
    void aSanitizersFirstLineNamesThePlaceWhenTheTraceIsGone() {
        CrashReport r = first("""
                [ 2759.542176] BUG: KASAN: slab-use-after-free in lab_hs_done (drivers/lab/lab_tls.c:286)
                [ 2759.542180] Read of size 8 at addr ffff88800853aa88 by task swapper/22/0
                [ 2759.542181]
                """);
        Culprit c = r.diagnosis().culprit();
        assertThat(c).isNotNull();
        assertThat(c.function()).isEqualTo("lab_hs_done");
        assertThat(c.reason()).contains("sanitizer's first line");
    }

    @Test
    void aDecodedInstructionPointerLineNamesThePlace() {
        CrashReport r = first("""
                general protection fault, probably for non-canonical address 0xdffffc0000000000: 0000 [#1] PREEMPT KASAN
                KASAN: null-ptr-deref in range [0x0000000000000000-0x0000000000000007]
                CPU: 0 PID: 1 Comm: swapper Not tainted 6.0.0 #1
                RIP: 0010:lab_fuzz (drivers/lab/lab_fuzz.c:523)
                RSP: 0000:ffffc90000017c50 EFLAGS: 00010246
                """);
        Culprit c = r.diagnosis().culprit();
        assertThat(c).isNotNull();
        assertThat(c.function()).isEqualTo("lab_fuzz");
        assertThat(r.displayTitle()).startsWith("general protection fault in lab_fuzz (");
    }

    @Test
    void lockdepsAcquireSiteGivesItsModule() {
        CrashReport r = first("""
                [   65.470000] =============================================
                [   65.470000] [ INFO: possible recursive locking detected ]
                [   65.470000] 3.5.0-rc5 #2 Not tainted
                [   65.470000] ---------------------------------------------
                [   65.470000] ksdioirqd/mmc0/73 is trying to acquire lock:
                [   65.470000]  (&(&host->lock)->rlock#2){-.-...}, at: [<bf054120>] lab_mmc_enable_irq+0x18/0xdc [lab_mmc]
                [   65.470000]
                [   65.470000] but task is already holding lock:
                [   65.470000]  (&(&host->lock)->rlock#2){-.-...}, at: [<bf054120>] lab_mmc_enable_irq+0x18/0xdc [lab_mmc]
                [   65.470000]
                """);
        assertThat(r.title()).isEqualTo("possible deadlock in lab_mmc_enable_irq");
        Culprit c = r.diagnosis().culprit();
        assertThat(c.function()).isEqualTo("lab_mmc_enable_irq");
        assertThat(c.module()).isEqualTo("lab_mmc");
        assertThat(c.frame().offset()).isEqualTo(0x18L);
    }

    @Test
    void lockdepsAcquireSiteIsKeptWhenItsLockLinesAreNotIndentedAndTheReportIsCut() {
        CrashReport r = first("""
                [  812.100001] ======================================================
                [  812.100002] WARNING: possible circular locking dependency detected
                [  812.100003] 6.1.0-lab #3 Tainted: G           O
                [  812.100004] ------------------------------------------------------
                [  812.100005] kworker/2:1/77 is trying to acquire lock:
                [  812.100006] ffff888104a2c0e8 (&dev->cfg_lock){+.+.}-{3:3}, at: lab_cfg_apply+0x3c/0x120 [lab_cfg]
                [  812.100007]
                               but task is already holding lock:
                [  812.100008] ffffffff82a45060 (rtnl_mutex){+.+.}-{3:3}, at: rtnl_lock+0x15/0x20
                [  812.100009]
                               which lock already depends on the new lock.
                """);
        assertThat(r.title()).isEqualTo("possible deadlock in lab_cfg_apply");
        Culprit c = r.diagnosis().culprit();
        assertThat(c.function()).isEqualTo("lab_cfg_apply");
        assertThat(c.module()).isEqualTo("lab_cfg");
    }

    @Test
    void thePreemptionCheckNamesItsCallerWhenTheTraceIsCut() {
        CrashReport r = first("""
                [  713.909037] BUG: using smp_processor_id() in preemptible [00000000] code: labadm/6851
                [  713.909090] caller is lab_pool_get+0x1b/0xb0 [lab_pool]
                [  713.909163] CPU: 24 PID: 6851 Comm: labadm Tainted: G           OE     6.1.0 #1
                """);
        Culprit c = r.diagnosis().culprit();
        assertThat(c).isNotNull();
        assertThat(c.function()).isEqualTo("lab_pool_get");
        assertThat(c.module()).isEqualTo("lab_pool");
        assertThat(c.reason()).contains("preemption check");
        assertThat(r.diagnosis().reported().frame().function()).isEqualTo("lab_pool_get");
        assertThat(r.diagnosis().reported().says()).doesNotContain("does not show");
        assertThat(r.kind()).isEqualTo(Kind.PREEMPTIBLE_CPU_ACCESS);
        assertThat(r.diagnosis().cause()).isEqualTo(Cause.PREEMPTION_UNSAFE);
        assertThat(r.diagnosis().nextSteps()).map(NextStep::action).noneMatch(a -> a.contains("lock"))
                .anyMatch(a -> a.startsWith("Make the caller in lab_pool_get use the CPU number") && a.contains("get_cpu()/put_cpu()"));
    }

    @Test
    void aCheckThatNamesItselfIsKeptAsTheReportedPlaceButNeverTheCulprit() {
        // Kernels whose check is not inlined print the check itself as the caller; the trace that would show the code
        // that called it is cut off.
        CrashReport r = first("""
                <3>[ 9688.145369] BUG: using smp_processor_id() in preemptible [00000000] code: lab_db/11583
                <4>[ 9688.145403] caller is debug_smp_processor_id+0x1c/0x24
                <4>[ 9688.145414] CPU: 0 PID: 11583 Comm: lab_db Tainted: G        W       4.14.355 #1
                """);
        assertThat(r.diagnosis().culprit()).isNull();
        ReportedPlace reported = r.diagnosis().reported();
        assertThat(reported.frame().symbolic()).isEqualTo("debug_smp_processor_id+0x1c/0x24");
        assertThat(reported.frame().line()).isEqualTo(2);
        assertThat(reported.says()).contains("the preemption check that printed the report")
                .endsWith("the report does not show the code that called it");
    }

    @Test
    void thePreemptionCheckIsNeverTheCulprit() {
        // The first line pasted without its time stamp: syzkaller's rule reads no frame, the trace still names the caller.
        CrashReport r = first("""
                BUG: using smp_processor_id() in preemptible [00000000] code: lab/311
                [   20.078493] caller is lab_flow_export+0x268/0x690 [lab_flow]
                [   20.078502] CPU: 0 PID: 311 Comm: lab Tainted: G           OE     5.16.11 #1
                [   20.078507] Call Trace:
                [   20.078509]  <TASK>
                [   20.078511]  dump_stack_lvl+0x48/0x5e
                [   20.078516]  check_preemption_disabled+0xde/0xe0
                [   20.078521]  lab_flow_export+0x268/0x690 [lab_flow]
                [   20.078532]  lab_flow_ctl+0x2e/0x4f [lab_flow]
                [   20.078549]  proc_sys_call_handler+0x1b7/0x2c0
                [   20.078561]  vfs_write+0x20d/0x2a0
                [   20.078566]  ksys_write+0x5f/0xe0
                [   20.078571]  do_syscall_64+0x3b/0xc0
                [   20.078575]  entry_SYSCALL_64_after_hwframe+0x44/0xae
                [   20.078579]  </TASK>
                """);
        Culprit c = r.diagnosis().culprit();
        assertThat(c.function()).isEqualTo("lab_flow_export");
        assertThat(c.module()).isEqualTo("lab_flow");
    }

    @Test
    void aWarningInTheExitPathIsPlacedThereAndBlamesWhatTheTaskLeftBehind() {
        CrashReport r = first("""
                Aug 30 10:27:04 host kernel: ------------[ cut here ]------------
                Aug 30 10:27:04 host kernel: WARNING: CPU: 0 PID: 55 at kernel/exit.c:741 do_exit+0x89a/0xaf0
                Aug 30 10:27:04 host kernel: Modules linked in: lab_io(OE)
                """);
        assertThat(r.title()).isEqualTo("WARNING in corrupted");
        Culprit c = r.diagnosis().culprit();
        assertThat(c).isNotNull();
        assertThat(c.function()).isEqualTo("do_exit");
        assertThat(c.reason()).contains("WARNING line").contains("exiting task leaves behind");
        assertThat(r.displayTitle()).startsWith("WARNING in do_exit (");
    }

    @Test
    void aFaultInCodeTheCulpritPassesOverIsStillShownWhereItHappened() {
        CrashReport r = first("""
                [   41.120034] Unable to handle kernel paging request for data at address 0x2ab0c0008
                [   41.120039] Faulting instruction address: 0xc000000000172f50
                cpu 0x3: Vector: 300 (Data Access) at [c000000ff1d2f6d0]
                    pc: c000000000172f50: __do_softirq+0x120/0x3c0
                """);
        assertThat(r.title()).endsWith("in corrupted");
        assertThat(r.diagnosis().culprit()).isNull();
        assertThat(r.displayTitle()).startsWith("BUG: unable to handle kernel paging request in __do_softirq (");
    }

    @Test
    void aLeakedLockIsBlamedOnWhereItWasTaken() {
        CrashReport r = first("""
                [   52.362800] BUG: workqueue leaked lock or atomic: kworker/0:1/0x00000000/353
                [   52.362800]      last function: lab_work_fn [lab_wq]
                [   52.374928] 1 lock held by kworker/0:1/353:
                [   52.379256]  #0:  (rcu_read_lock_bh){......}, at: [<ffffffff8294ef60>] lab_match_common.isra.11+0x190/0x22a0 [lab_wq]
                [   52.390498] CPU: 0 PID: 353 Comm: kworker/0:1 Not tainted 4.3.5+ #124
                [   52.435843] Call Trace:
                [   52.438419]  [<ffffffff81da5ce2>] dump_stack+0xf6/0x184
                [   52.443770]  [<ffffffff813639b5>] process_one_work+0xf25/0x15a0
                [   52.462511]  [<ffffffff81364111>] worker_thread+0xe1/0xf70
                [   52.473820]  [<ffffffff81379281>] kthread+0x231/0x2c0
                [   52.498604]  [<ffffffff82e2a86c>] ret_from_fork+0x5c/0x90
                """);
        Culprit c = r.diagnosis().culprit();
        assertThat(c.function()).isEqualTo("lab_match_common");
        assertThat(c.module()).isEqualTo("lab_wq");
        assertThat(c.reason()).contains("lockdep");
    }

    @Test
    void aTitleNamingTrapCodeGivesWayToTheWarningLine() {
        CrashReport r = first("""
                [   75.192486][ T4090] WARNING: CPU: 1 PID: 4090 at arch/riscv/mm/physaddr.c:16 __virt_to_phys+0x44/0x5c
                [   75.193022][ T4090] Modules linked in:
                [   75.193507][ T4090] CPU: 1 PID: 4090 Comm: dhcpcd Not tainted 5.10.2 #18
                [   75.193884][ T4090] epc: ffffffe000207654 ra : ffffffe000207654 sp : ffffffe00b777cd0
                [   75.212122][ T4090] status: 0000000000000120 badaddr: 0000000000000000 cause: 0000000000000003
                [   75.216759][ T4090] Call Trace:
                [   75.217460][ T4090] [<ffffffe00020383c>] walk_stackframe+0x0/0xaa
                [   75.218679][ T4090] [<ffffffe002141ec4>] show_stack+0x32/0x3e
                [   75.219851][ T4090] [<ffffffe002150a3a>] dump_stack+0x8e/0xb4
                [   75.221704][ T4090] [<ffffffe000ccca62>] report_bug+0x84/0x102
                [   75.222008][ T4090] [<ffffffe000203766>] do_trap_break+0x56/0xa2
                [   75.222332][ T4090] [<ffffffe000201bae>] ret_from_exception+0x0/0x10
                """);
        assertThat(r.title()).isEqualTo("WARNING in ret_from_exception");
        assertThat(r.diagnosis().culprit().function()).isEqualTo("__virt_to_phys");
    }

    @Test
    void aHelperWithNoCallerInTheReportIsStillThePlaceNamed() {
        CrashReport r = first("""
                [47985.623784] list_add corruption. next->prev should be prev (ffff910309261548), but was ffff910487cb2d58.
                [47985.623793] WARNING: CPU: 2 PID: 3920 at lib/list_debug.c:29 __list_add_valid_or_report+0x74/0xc0
                [47985.623800] Modules linked in: lab_list(OE)
                """);
        Culprit c = r.diagnosis().culprit();
        assertThat(c.function()).isEqualTo("__list_add_valid_or_report");
        assertThat(c.victim()).isNull();
        assertThat(c.reason()).contains("does not show its caller");
    }

    @Test
    void aBadUnlockIsPlacedWhereTheLockIsReleasedOnTheLineAfter() {
        CrashReport r = first("""
                ====================================
                 BUG: bad unlock balance detected! ]
                .4.0-lab #288 Not tainted
                ------------------------------------
                ab/1770 is trying to release lock (&(&q->lab_lock)->rlock) at:
                <ffffffffa0329372>] lab_queue_bio+0x2a2/0x380 [lab_blk]
                ut there are no more locks to release!

                ther info that might help us debug this:
                 lock held by lab/1770:
                """);
        Culprit c = r.diagnosis().culprit();
        assertThat(c.function()).isEqualTo("lab_queue_bio");
        assertThat(c.module()).isEqualTo("lab_blk");
    }
}
