package org.koops.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.koops.Koops;
import org.koops.ProjectLogs;
import org.koops.model.Claim;
import org.koops.model.CrashReport;
import org.koops.model.LockCycle;
import org.koops.model.MemoryAccess;
import org.koops.model.Stall;

/** What an expert reads first in each kind of report, on logs of our own and the crash lab's consoles. */
class KindFactsTest {
    private static CrashReport first(String log) {
        return Koops.create().withoutDisassembler().analyze("test", log).reports().get(0);
    }

    private static CrashReport lab(String fixture) throws IOException {
        return Koops.create().withoutDisassembler().analyze(ProjectLogs.lab(fixture)).reports().get(0);
    }

    private static String evidence(CrashReport r) {
        return r.diagnosis().evidence().stream().map(Claim::statement).collect(Collectors.joining("\n"));
    }

    @Test
    void kasanAccessObjectAndOrigins() {
        CrashReport r = first(ProjectLogs.fixture("x86-kasan-slab-uaf-module-write.log"));
        MemoryAccess a = r.diagnosis().memoryAccess();
        assertThat(a.bug()).isEqualTo("slab-use-after-free");
        assertThat(a.access()).isEqualTo("write");
        assertThat(a.size()).isEqualTo(4);
        assertThat(a.address()).isEqualTo(0xffff88800b3c4e10L);
        assertThat(a.pid()).isEqualTo(733);
        assertThat(a.cache()).isEqualTo("kmalloc-32");
        assertThat(a.objectSize()).isEqualTo(32);
        assertThat(a.offset()).isEqualTo(16L);
        assertThat(a.relation()).isEqualTo("inside");
        assertThat(a.origin("allocated").pid()).isEqualTo(730);
        assertThat(a.origin("allocated").caller()).isEqualTo("ring_create");
        assertThat(a.origin("freed").stack()).containsExactly("kasan_save_stack", "kfree", "ring_destroy");
        assertThat(a.origin("freed").caller()).isEqualTo("ring_destroy");
        assertThat(a.freedByAccessingTask()).isFalse();
        assertThat(a.allocatedByFreeingTask()).isFalse();
        assertThat(r.diagnosis().summary()).contains("a write of 4 bytes at 0xffff88800b3c4e10, 16 bytes inside a 32-byte "
                + "object of cache kmalloc-32, freed by task 731 in ring_destroy (another task)");
    }

    @Test
    void kfenceObjectAndOriginOnOneLine() {
        CrashReport r = first("""
                [    3.317089] ==================================================================
                [    3.317855] BUG: KFENCE: out-of-bounds read in probe_read+0xa6/0x234
                [    3.317856]
                [    3.318783] Out-of-bounds read at 0xffff8c2aae231fff (1B left of kfence-#24):
                [    3.319521]  probe_read+0xa6/0x234
                [    3.320001]  kthread+0x166/0x1a0
                [    3.320002]
                [    3.321886] kfence-#24 [0xffff8c2aae232000-0xffff8c2aae23201f, size=32, cache=kmalloc-32] allocated by task 110:
                [    3.322934]  probe_alloc+0xf0/0x6ff
                [    3.323294]  probe_read+0x9b/0x234
                [    3.323295]
                [    3.325640] CPU: 3 PID: 110 Comm: prober Not tainted 6.1.0 #1
                [    3.338842] ==================================================================
                """);
        MemoryAccess a = r.diagnosis().memoryAccess();
        assertThat(a.access()).isEqualTo("read");
        assertThat(a.relation()).isEqualTo("left");
        assertThat(a.offset()).isEqualTo(1L);
        assertThat(a.cache()).isEqualTo("kmalloc-32");
        assertThat(a.objectSize()).isEqualTo(32);
        assertThat(a.origin("allocated").pid()).isEqualTo(110);
        assertThat(a.origin("allocated").caller()).isEqualTo("probe_alloc");
        assertThat(r.diagnosis().summary()).contains("1 byte before the start of a 32-byte object of cache kmalloc-32");
    }

    @Test
    void kmsanSaysWhereTheUninitialisedValueWasCreated() {
        CrashReport r = first("""
                [   30.000001] =====================================================
                [   30.000002] BUG: KMSAN: uninit-value in parse_opts+0x44/0x80
                [   30.000003]  parse_opts+0x44/0x80
                [   30.000004]  demo_write+0x30/0x60
                [   30.000005]  vfs_write+0x30/0x60
                [   30.000006]
                [   30.000007] Uninit was created at:
                [   30.000008]  kmsan_save_stack+0x22/0x50
                [   30.000009]  __kmalloc+0x1d0/0x380
                [   30.000010]  demo_alloc_opts+0x2a/0x90
                [   30.000011]  demo_write+0x20/0x60
                [   30.000012]
                [   30.000013] CPU: 0 PID: 501 Comm: writer Not tainted 6.5.0 #1
                [   30.000014] =====================================================
                """);
        MemoryAccess a = r.diagnosis().memoryAccess();
        assertThat(a.bug()).isEqualTo("uninit-value");
        assertThat(a.access()).isNull();
        assertThat(a.origin("created").caller()).isEqualTo("demo_alloc_opts");
        assertThat(r.diagnosis().summary()).contains("an uninitialised value used, created in demo_alloc_opts");
    }

    @Test
    void lockdepCycleNewEdgeAndChain() {
        CrashReport r = first(ProjectLogs.fixture("x86-lockdep-circular.log"));
        LockCycle c = r.diagnosis().lockCycle();
        assertThat(c.problem()).isEqualTo("possible circular locking dependency");
        assertThat(c.task()).isEqualTo("kworker/0:1/23");
        assertThat(c.acquiring()).isEqualTo("&dev->lock");
        assertThat(c.acquiredAt()).isEqualTo("dev_flush+0x20/0x80");
        assertThat(c.holding()).isEqualTo("&queue->lock");
        assertThat(c.heldAt()).isEqualTo("queue_run+0x30/0x90");
        assertThat(c.chain()).extracting(LockCycle.Link::index).containsExactly(1, 0);
        assertThat(c.chain()).extracting(LockCycle.Link::takenAt).containsExactly("queue_submit", "dev_flush");
        assertThat(c.cycle()).containsExactly("&queue->lock", "&dev->lock", "&queue->lock");
        assertThat(c.deadlocked()).isFalse();
        assertThat(r.diagnosis().summary()).contains("lock cycle &queue->lock → &dev->lock → &queue->lock")
                .contains("nothing hangs yet");
    }

    @Test
    void hungTaskInExitWaitsOnMmapLockAndSeveralTasksShareOneLock() {
        CrashReport r = first("""
                [  246.752196] INFO: task syz-executor0:10244 blocked for more than 120 seconds.
                [  246.759582]       Not tainted 4.15.0-rc8+ #269
                [  246.764192] "echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.
                [  246.772168] syz-executor0   D23984 10244   4352 0x80000004
                [  246.777823] Call Trace:
                [  246.780435]  __schedule+0x8eb/0x2060
                [  246.802631]  schedule+0xf5/0x430
                [  246.841630]  rwsem_down_read_failed+0x401/0x6e0
                [  246.863104]  call_rwsem_down_read_failed+0x18/0x30
                [  246.873269]  down_read+0xa4/0x150
                [  246.897704]  do_exit+0x4b0/0x1ad0
                [  246.962244]  do_group_exit+0x149/0x400
                [  246.983826]  get_signal+0x73f/0x16c0
                [  247.084836]  entry_SYSCALL_64_fastpath+0x9e/0xa0
                [  247.100000]
                [  247.100001] Showing all locks held in the system:
                [  247.100002] 1 lock held by syz-executor0/10244:
                [  247.100003]  #0:  (&mm->mmap_sem){++++}, at: [<ffffffff81431fa1>] do_exit+0x4b0/0x1ad0
                [  247.100004] 1 lock held by syz-executor0/10250:
                [  247.100005]  #0:  (&mm->mmap_sem){++++}, at: [<ffffffff81431fa1>] vm_mmap_pgoff+0x198/0x280
                [  247.100006] 1 lock held by khungtaskd/762:
                [  247.100007]  #0:  (rcu_read_lock){....}, at: [<ffffffff81581a3f>] debug_show_all_locks+0xd3/0x3d0
                """);
        Stall s = r.diagnosis().stall();
        assertThat(s.task()).isEqualTo("syz-executor0");
        assertThat(s.pid()).isEqualTo(10244);
        assertThat(s.seconds()).isEqualTo(120);
        assertThat(s.waitsOn()).startsWith("mmap_lock");
        assertThat(s.waitsIn()).isEqualTo("do_exit");
        assertThat(s.sharedLock()).isEqualTo("&mm->mmap_sem");
        assertThat(s.tasks()).containsExactly("syz-executor0/10244", "syz-executor0/10250");
        assertThat(r.diagnosis().summary()).contains("syz-executor0 (PID 10244) for 120 s, waiting on mmap_lock")
                .contains("in do_exit")
                .contains("2 tasks hold or wait for &mm->mmap_sem");
    }

    /** The lab's two readers of /proc/lab_hung: two reports, the second naming the lock both wait on. */
    @Test
    void labHungTasksReportedOneByOneWaitOnOneLock() throws IOException {
        java.util.List<CrashReport> reports = Koops.create().withoutDisassembler()
                .analyze(ProjectLogs.lab("x86_64/hung-task.log")).reports();
        Stall first = reports.get(0).diagnosis().stall();
        assertThat(first.task()).isEqualTo("cat");
        assertThat(first.seconds()).isEqualTo(5);
        assertThat(first.waitsOn()).isEqualTo("a mutex");
        assertThat(first.waitsIn()).isEqualTo("lab_hung_show");
        assertThat(first.sharedLock()).isNull();
        Stall second = reports.get(1).diagnosis().stall();
        assertThat(second.pid()).isNotEqualTo(first.pid());
        assertThat(second.sharedLock()).isEqualTo("a mutex in lab_hung_show");
        assertThat(second.tasks()).containsExactly("cat/" + first.pid(), "cat/" + second.pid());
        assertThat(reports.get(1).diagnosis().summary()).contains("2 hung tasks of this log wait there");
        assertThat(reports.get(0).diagnosis().nextSteps()).extracting(org.koops.model.NextStep::command)
                .anyMatch(c -> c != null && c.contains("/lib/modules/6.1.0-57-amd64"));
    }

    @Test
    void anIdleCpuWithAStarvedGracePeriodKthreadIsTimersOrTheVcpu() {
        CrashReport r = first("""
                [  530.000001] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:
                [  530.000002] rcu: 	1-...!: (0 ticks this GP) idle=89e/0/0x0 softirq=5141/5141 fqs=0
                [  530.000003] 	(detected by 0, t=10502 jiffies, g=8593, q=21 ncpus=2)
                [  530.000004] Sending NMI from CPU 0 to CPUs 1:
                [  530.000005] rcu: rcu_preempt kthread starved for 10502 jiffies! g8593 f0x0 RCU_GP_WAIT_FQS(5) ->state=0x402 ->cpu=1
                [  530.000006] rcu: 	Unless rcu_preempt kthread gets sufficient CPU time, OOM is now expected behavior.
                [  530.000007] rcu: RCU grace-period kthread stack dump:
                [  530.000008] task:rcu_preempt     state:I stack:0     pid:16    ppid:2      flags:0x00004000
                [  530.000009] Call Trace:
                [  530.000010]  <TASK>
                [  530.000011]  __schedule+0x2f0/0x950
                [  530.000012]  schedule+0x5d/0xe0
                [  530.000013]  schedule_timeout+0x98/0x160
                [  530.000014]  rcu_gp_fqs_loop+0x141/0x580
                [  530.000015]  rcu_gp_kthread+0xd0/0x190
                [  530.000016]  kthread+0xe8/0x110
                [  530.000017]  </TASK>
                """);
        Stall s = r.diagnosis().stall();
        assertThat(s.cpu()).isEqualTo(1);
        assertThat(s.idleCpu()).isTrue();
        assertThat(s.starvedKthread()).isTrue();
        assertThat(s.waitsOn()).contains("starved").contains("a timer that did not fire or a vCPU").contains("not a loop");
    }

    @Test
    void labSoftLockupNamesTheCpuTaskAndWhereItLoops() throws IOException {
        CrashReport r = lab("x86_64/soft-lockup.log");
        Stall s = r.diagnosis().stall();
        assertThat(s.cpu()).isNotNull();
        assertThat(s.seconds()).isPositive();
        assertThat(s.task()).isEqualTo("cat");
        assertThat(s.waitsIn()).isEqualTo("lab_lockup_wait");
    }

    @Test
    void linesAroundTheReport() throws IOException {
        assertThat(evidence(lab("x86_64/refcount-underflow.log"))).contains("The refcount warning is \"underflow\", "
                + "\"use-after-free\": a reference count was decremented below zero")
                .contains("Module lab_refcount was loaded just before the report")
                .contains("lab_refcount (OE+) was still loading");
        assertThat(evidence(lab("x86_64/list-corruption.log"))).contains("The list check printed: "
                + "ffffffffc0438000->next is LIST_POISON1 (dead000000000100); 0xdead000000000100 is LIST_POISON1");
        String driver = evidence(first("""
                [   88.000001] e1000e 0000:00:19.0 eth0: Detected Hardware Unit Hang
                [   88.000002] nvme nvme0: I/O 12 QID 3 timeout, aborting
                [   88.000003] BUG: kernel NULL pointer dereference, address: 0000000000000008
                [   88.000004] #PF: supervisor read access in kernel mode
                [   88.000005] Oops: 0000 [#1] SMP
                [   88.000006] CPU: 1 PID: 0 Comm: swapper/1 Not tainted 6.6.0 #1
                [   88.000007] RIP: 0010:nvme_complete_rq+0x13/0x24
                [   88.000008] ---[ end trace 0000000000000000 ]---
                """));
        assertThat(driver).contains("Just before the report, nvme nvme0 logged an error: \"I/O 12 QID 3 timeout, aborting\"");
        String warn = evidence(first("""
                [    5.000000] ------------[ cut here ]------------
                [    5.000001] queue depth 0 is below the minimum
                [    5.000002] WARNING: CPU: 0 PID: 83 at drivers/foo/bar.c:28 bar_check+0xba/0x110
                [    5.000003] CPU: 0 PID: 83 Comm: insmod Not tainted 6.1.0 #1
                [    5.000004] RIP: 0010:bar_check+0xba/0x110
                [    5.000005] ---[ end trace 0000000000000000 ]---
                """));
        assertThat(warn).contains("The warning's own message: \"queue depth 0 is below the minimum\"");
    }

    /**
     * An RCU stall printed from the timer interrupt above the code it interrupted: the stalled code is the instruction
     * pointer the interrupt saved and the frames below it, not the stall detector's printers (sched_show_task), and the
     * interrupt part of the trace is no claim about the context of a fault.
     */
    @Test
    void anRcuStallLoopsWhereTheTimerInterruptFoundIt() {
        CrashReport r = first("""
                [  323.830017] INFO: rcu_sched detected stalls on CPUs/tasks:
                [  323.835676] 	(detected by 0, t=125007 jiffies, g=66299, c=66298, q=40)
                [  323.842315] All QSes seen, last rcu_sched kthread activity 125014 (4294991138-4294866124), jiffies_till_next_fqs=3, root ->qsmask 0x0
                [  323.854420] spinner         R  running task    22056 22277   3688 0x00000008
                [  323.861597] Call Trace:
                [  323.864155]  <IRQ>
                [  323.866279]  _sched_show_task+0x10/0x20
                [  323.866280]  sched_show_task+0x4a3/0x5e0
                [  323.890409]  print_other_cpu_stall+0x996/0x1090
                [  323.956870]  check_cpu_stall.isra.61+0x6e6/0x15b0
                [  324.038202]  rcu_check_callbacks+0x256/0xd00
                [  324.082553]  update_process_times+0x30/0x60
                [  324.086846]  tick_sched_timer+0x42/0x120
                [  324.094999]  __hrtimer_run_queues+0x358/0xe20
                [  324.134365]  hrtimer_interrupt+0x1c2/0x5e0
                [  324.138588]  smp_apic_timer_interrupt+0x14a/0x700
                [  324.172031]  apic_timer_interrupt+0xa9/0xb0
                [  324.176323]  </IRQ>
                [  324.176324] RIP: 0010:__sanitizer_cov_trace_pc+0x0/0x50
                [  324.181650] RSP: 0018:ffff8801db206738 EFLAGS: 00000206 ORIG_RAX: ffffffffffffff11
                [  324.189325] RAX: ffffed003a2965e3 RBX: ffff8801d14b2e40 RCX: ffffffff84c25899
                [  324.234345]  ring_walk+0x68/0x110
                [  324.238814]  ring_poll+0x18c/0x2350
                [  324.363656]  ring_ioctl+0x8f6/0x1200
                [  324.375676]  do_vfs_ioctl+0x1e/0x40
                [  324.405216]  __x64_sys_ioctl+0x3c7/0x17a0
                [  324.425219]  do_syscall_64+0xe9/0x560
                [  324.445039]  entry_SYSCALL_64_after_hwframe+0x49/0xbe
                """);
        Stall s = r.diagnosis().stall();
        assertThat(s.waitsIn()).isEqualTo("ring_walk");
        assertThat(r.diagnosis().summary()).contains("looping in ring_walk").doesNotContain("sched_show_task")
                .doesNotContain(":  in");
        assertThat(r.diagnosis().context()).extracting(Claim::statement)
                .noneMatch(c -> c.contains("faulting code") || c.contains("cannot just kill"));
        assertThat(evidence(r)).contains("an RCU stall");
        assertThat(r.diagnosis().nextSteps()).extracting(org.koops.model.NextStep::action)
                .anyMatch(a -> a.contains("never reaches a quiescent state")).noneMatch(a -> a.contains("PROVE_LOCKING"));
    }

    /** lockdep's "Chain exists of:" names three locks of a longer cycle; the chain #0..#n gives every lock of it. */
    @Test
    void aLongLockdepCycleIsTheWholeChain() {
        CrashReport r = first("""
                [  127.343789] ======================================================
                [  127.343792] WARNING: possible circular locking dependency detected
                [  127.343797] 6.8.0 #1 Not tainted
                [  127.343799] ------------------------------------------------------
                [  127.343803] writer/16108 is trying to acquire lock:
                [  127.343805] ffff888003a1c0a8 (console_lock){+.+.}-{0:0}, at: vt_write+0x14d/0xca0
                [  127.343827]
                [  127.343827] but task is already holding lock:
                [  127.343828] ffff888003a1c1b0 (&pipe->mutex/1){+.+.}-{3:3}, at: pipe_lock+0x56/0x70
                [  127.343846]
                [  127.343846] which lock already depends on the new lock.
                [  127.343846]
                [  127.343848] the existing dependency chain (in reverse order) is:
                [  127.343850]
                [  127.343850] -> #3 (&pipe->mutex/1){+.+.}-{3:3}:
                [  127.343867]        lock_acquire+0x1d5/0x580
                [  127.343895]        pipe_lock+0x56/0x70
                [  127.343907]        splice_write+0x264/0xf30
                [  127.343925]
                [  127.343925] -> #2 (sb_writers){.+.+}-{0:0}:
                [  127.343939]        lock_acquire+0x1d5/0x580
                [  127.343940]        file_start_write+0x71/0x2d0
                [  127.343940]
                [  127.343941] -> #1 ((wq_completion)events){+.+.}-{0:0}:
                [  127.343941]        lock_acquire+0x1d5/0x580
                [  127.343941]        flush_events+0x10/0x20
                [  127.343941]
                [  127.343942] -> #0 (console_lock){+.+.}-{0:0}:
                [  127.343953]        lock_acquire+0x1d5/0x580
                [  127.343961]        vt_write+0x14d/0xca0
                [  127.343962]
                [  127.343962] other info that might help us debug this:
                [  127.343962]
                [  127.343963] Chain exists of:
                [  127.343963]   console_lock --> sb_writers --> &pipe->mutex/1
                [  127.343964]
                [  127.343965] stack backtrace:
                [  127.343966] CPU: 0 PID: 16108 Comm: writer Not tainted 6.8.0 #1
                [  127.343967] Call Trace:
                [  127.343968]  <TASK>
                [  127.343969]  dump_stack_lvl+0x4a/0x80
                [  127.343970]  __lock_acquire+0x1000/0x2000
                [  127.343971]  vt_write+0x14d/0xca0
                [  127.343972]  </TASK>
                """);
        LockCycle c = r.diagnosis().lockCycle();
        assertThat(c.chain()).extracting(LockCycle.Link::index).containsExactly(3, 2, 1, 0);
        assertThat(c.cycle()).containsExactly("console_lock", "(wq_completion)events", "sb_writers", "&pipe->mutex/1",
                "console_lock");
    }

    /** No frame in a module, but an out-of-tree one loaded: it is named as a suspect all the same. */
    @Test
    void anOutOfTreeModuleOnlyInTheModuleListIsNamed() {
        String e = evidence(first("""
                [  200.000001] BUG: kernel NULL pointer dereference, address: 0000000000000010
                [  200.000002] #PF: supervisor read access in kernel mode
                [  200.000003] Oops: 0000 [#1] PREEMPT SMP
                [  200.000004] Modules linked in: shimfs(OE) nls_utf8 ext4
                [  200.000005] CPU: 0 PID: 912 Comm: ls Tainted: G           OE      6.6.0 #1
                [  200.000006] RIP: 0010:d_walk+0x40/0x200
                [  200.000007] Call Trace:
                [  200.000008]  <TASK>
                [  200.000009]  shrink_dcache_parent+0x20/0x40
                [  200.000010]  </TASK>
                [  200.000011] ---[ end trace 0000000000000000 ]---
                """));
        assertThat(e).contains("No frame of the report is in a module, but out-of-tree or proprietary modules are loaded: "
                + "shimfs (OE)");
    }
}
