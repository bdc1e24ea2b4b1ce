package org.koops.explain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.koops.ProjectLogs;
import org.koops.model.Arch;

/** Reports of the kernel's checkers: sanitizers, lockdep, hang detectors and memory-state checks. */
class CheckerExplanationTest {

    @Test
    void kasanUseAfterFreeBody() {
        Annotations a = Annotations.of(ProjectLogs.fixture("x86-kasan-slab-uaf-module-write.log"));
        assertThat(a.meaning("BUG: KASAN")).contains("KASAN").contains("ring_pop()").contains("already been freed");
        assertThat(a.meaning("Write of size")).contains("write of 4 bytes").contains("rb_reader/733");
        assertThat(a.meaning("Allocated by task")).contains("allocated");
        assertThat(a.meaning("Freed by task")).contains("after this free");
        // The allocation stack's first frame says once whose stack it is; the frames after it refer to that line.
        assertThat(a.meaning("kasan_save_stack")).contains("Allocated by task 730").contains("not the crash's own call trace");
        assertThat(a.line("ring_create").sameAs()).contains(a.line("kasan_save_stack").line().number());
        assertThat(a.meaning("ring_pop")).doesNotContain("Called by");
        assertThat(a.meaning("which belongs to the cache")).contains("kmalloc-32").contains("32-byte objects");
        assertThat(a.meaning("The buggy address is located")).contains("16 bytes inside the object");
        assertThat(a.meaning("freed 32-byte region")).contains("freed");
        assertThat(a.meaning("Memory state")).contains("8 bytes");
        assertThat(a.meaning(">ffff88800b3c4e00")).contains("row that contains the bad address").contains("fa = freed")
                .contains("fb = freed slab object");
        assertThat(a.meaning("ffff88800b3c4d00:")).contains("fc = slab redzone");
        assertThat(a.meaning("^")).contains("shadow byte");
    }

    @Test
    void lockdepAndHungTask() {
        Annotations a = Annotations.parsed("""
                INFO: task kworker/u8:3:214 blocked for more than 143 seconds.
                      Not tainted 6.8.0 #1
                "echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.
                task:kworker/u8:3    state:D stack:0     pid:214   tgid:214   ppid:2      flags:0x00004000
                Call Trace:
                 __schedule+0x3c4/0xa40
                 schedule+0x34/0xb0
                 mutex_lock+0x3b/0x50
                1 lock held by kworker/u8:3/214:
                 #0: ffff8881002c3c48 ((wq_completion)events_unbound){+.+.}-{0:0}, at: process_one_work+0x1c5/0x560
                WARNING: possible circular locking dependency detected
                -> #1 (&dev->lock){+.+.}-{3:3}:
                *** DEADLOCK ***
                """, Arch.X86_64);
        assertThat(a.meaning("INFO: task")).contains("214").contains("uninterruptible sleep").contains("143 s");
        assertThat(a.meaning("Not tainted")).contains("Not tainted").contains("6.8.0");
        assertThat(a.meaning("\"echo 0")).contains("silence");
        assertThat(a.meaning("task:kworker")).contains("state D: uninterruptible sleep").contains("parent 2");
        assertThat(a.meaning("__schedule")).contains("scheduler");
        assertThat(a.meaning("mutex_lock")).contains("Waiting for a lock");
        assertThat(a.meaning("1 lock held by")).contains("held 1 lock ");
        assertThat(a.meaning("#0:")).contains("(wq_completion)events_unbound").contains("process_one_work()");
        assertThat(a.meaning("WARNING: possible circular")).contains("opposite").contains("deadlock");
        assertThat(a.meaning("-> #1")).contains("&dev->lock");
        assertThat(a.meaning("*** DEADLOCK")).contains("deadlock");
    }

    @Test
    void aPreemptionCheckNamingItsOwnCodeAsTheCallerPointsPastIt() {
        String report = """
                BUG: using smp_processor_id() in preemptible [00000000] code: demo/11583
                caller is %s
                CPU: 0 PID: 11583 Comm: demo Not tainted 4.14.355 #1
                """;
        assertThat(Annotations.parsed(report.formatted("debug_smp_processor_id+0x1c/0x24"), Arch.ARM64)
                .meaning("caller is")).contains("debug_smp_processor_id() is the checker's own code")
                .contains("the frame after it in the call trace");
        assertThat(Annotations.parsed(report.formatted("demo_pool_get+0x1b/0xb0 [demo]"), Arch.ARM64).meaning("caller is"))
                .isEqualTo("The function that made that call: demo_pool_get().");
    }

    @Test
    void contextBugsDecodePreemptCount() {
        Annotations a = Annotations.parsed("""
                BUG: sleeping function called from invalid context at mm/slab.h:742
                in_atomic(): 1, irqs_disabled(): 1, non_block: 0, pid: 0, name: swapper/2
                preempt_count: 10001, expected: 0
                BUG: scheduling while atomic: rcu_worker/19/0x00000301
                note: fio[2210] exited with preempt_count 2
                """, Arch.X86_64);
        assertThat(a.meaning("BUG: sleeping function")).contains("may sleep").contains("mm/slab.h:742");
        assertThat(a.meaning("in_atomic()")).contains("in atomic context").contains("interrupts off").contains("swapper/2");
        assertThat(a.meaning("preempt_count:")).contains("1 level(s) of preempt_disable()")
                .contains("in a hardware interrupt handler");
        assertThat(a.meaning("BUG: scheduling while atomic")).contains("rcu_worker").contains("serving a softirq")
                .contains("softirqs disabled 1 time(s)");
        assertThat(a.meaning("note: fio[2210]")).contains("2 level(s)");
    }

    @Test
    void lockupsAndStalls() {
        Annotations a = Annotations.parsed("""
                watchdog: BUG: soft lockup - CPU#3 stuck for 26s! [stress:4410]
                NMI watchdog: Watchdog detected hard LOCKUP on cpu 5
                rcu: INFO: rcu_sched self-detected stall on CPU
                rcu: rcu_sched kthread starved for 10502 jiffies! g2081 f0x0 RCU_GP_WAIT_FQS(5) ->state=0x0 ->cpu=1
                """, Arch.X86_64);
        assertThat(a.meaning("watchdog: BUG: soft lockup")).contains("CPU 3").contains("26 s").contains("stress (PID 4410)");
        assertThat(a.meaning("NMI watchdog")).contains("Hard lockup: CPU 5").contains("interrupts disabled");
        assertThat(a.meaning("rcu: INFO")).contains("RCU stall: this CPU").contains("rcu_sched");
        assertThat(a.meaning("rcu: rcu_sched kthread starved")).contains("10502 jiffies");
    }

    @Test
    void memoryStateReports() {
        Annotations a = Annotations.parsed("""
                list_add corruption. prev->next should be next (ffff88810a2b3c40), but was dead000000000100. (prev=ffff88810a2b3c00).
                refcount_t: addition on 0; use-after-free.
                refcount_t: saturated; leaking memory.
                BUG: Bad page state in process kswapd0  pfn:1a2b3
                page dumped because: nonzero mapcount
                Out of memory: Killed process 9001 (chrome) total-vm:4194304kB, anon-rss:2097152kB, file-rss:1024kB, shmem-rss:0kB, UID:1000 pgtables:8192kB oom_score_adj:300
                Memory cgroup out of memory: Killed process 77 (worker) total-vm:2048kB, anon-rss:512kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:40kB oom_score_adj:0
                oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/box,task_memcg=/box,task=worker,pid=77,uid=0
                bash invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=2, oom_score_adj=0
                """, Arch.X86_64);
        assertThat(a.meaning("list_add corruption")).contains("before adding").contains("LIST_POISON1");
        assertThat(a.meaning("refcount_t: addition on 0")).contains("already being freed").contains("use-after-free");
        assertThat(a.meaning("refcount_t: saturated")).contains("never freed");
        assertThat(a.meaning("BUG: Bad page state")).contains("0x1a2b3000").contains("kswapd0");
        assertThat(a.meaning("page dumped because")).contains("still mapped");
        assertThat(a.meaning("Out of memory")).contains("chrome (PID 9001)").contains("anon-rss 2.0 GiB");
        assertThat(a.meaning("Memory cgroup out of memory")).contains("memory cgroup reached its limit");
        assertThat(a.meaning("oom-kill:")).contains("MEMCG");
        assertThat(a.meaning("bash invoked oom-killer")).contains("order=2").contains("4 contiguous page(s)");
    }

    @Test
    void otherSanitizers() {
        Annotations a = Annotations.parsed("""
                BUG: KCSAN: data-race in tx_complete / tx_submit
                write to 0xffff888101d2a0c8 of 4 bytes by interrupt on cpu 1:
                value changed: 0x00000003 -> 0x00000004
                BUG: KMSAN: kernel-infoleak in instrument_copy_to_user+0x2e/0x60
                Bytes 12-15 of 16 are uninitialized
                UBSAN: array-index-out-of-bounds in drivers/net/foo.c:212:9
                index 8 is out of range for type 'u32 [8]'
                UBSAN: shift-out-of-bounds in lib/bits.c:40:19
                shift exponent 64 is too large for 64-bit type 'unsigned long'
                BUG: KFENCE: out-of-bounds read in parse_opts+0x1c/0x50
                unreferenced object 0xffff888012ab3400 (size 128):
                  comm "modprobe", pid 402, jiffies 4294901234 (age 61.120s)
                  backtrace (crc 5ee1b0a2):
                """, Arch.X86_64);
        assertThat(a.meaning("BUG: KCSAN")).contains("tx_complete()").contains("tx_submit()").contains("without synchronisation");
        assertThat(a.meaning("write to 0x")).contains("4-byte write").contains("interrupt").contains("CPU 1");
        assertThat(a.meaning("value changed")).contains("0x00000003 to 0x00000004");
        assertThat(a.meaning("BUG: KMSAN")).contains("copied to user space");
        assertThat(a.meaning("Bytes 12-15")).contains("never initialised");
        assertThat(a.meaning("UBSAN: array-index")).contains("drivers/net/foo.c:212").contains("outside the array");
        assertThat(a.meaning("index 8")).contains("valid indices are 0 to 7");
        assertThat(a.meaning("shift exponent")).contains("64-bit type");
        assertThat(a.meaning("BUG: KFENCE")).contains("out-of-bounds read in parse_opts()");
        assertThat(a.meaning("unreferenced object")).contains("128-byte object").contains("leak");
        assertThat(a.meaning("comm \"modprobe\"")).contains("modprobe (PID 402)").contains("61.120 s");
        assertThat(a.meaning("backtrace")).contains("allocated");
    }

    @Test
    void oomReportTables() {
        Annotations a = Annotations.parsed("""
                Mem-Info:
                active_anon:2100 inactive_anon:512000 isolated_anon:0
                Node 0 Normal free:40960kB boost:0kB min:44kB low:55kB high:66kB
                Free swap  = 0kB
                Total swap = 0kB
                524288 pages RAM
                Tasks state (memory values in pages):
                [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name
                [    610]     0   610     3862      389    69632        0         -1000 sshd
                [   7001]  1000  7001   600000   512000  4200000        0             0 hog
                oom_reaper: reaped process 7001 (hog), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB
                """, Arch.X86_64);
        assertThat(a.meaning("Mem-Info:")).contains("pages of 4 KiB");
        assertThat(a.meaning("active_anon:")).contains("process memory");
        assertThat(a.meaning("Node 0 Normal")).contains("40.0 MiB free");
        assertThat(a.meaning("Free swap")).contains("No free swap");
        assertThat(a.meaning("Total swap")).contains("no swap");
        assertThat(a.meaning("524288 pages RAM")).contains("2.0 GiB");
        assertThat(a.meaning("[    610]")).contains("sshd (PID 610)").contains("never killed");
        assertThat(a.meaning("[   7001]")).contains("hog (PID 7001): 512000 pages in RAM = 2.0 GiB");
        assertThat(a.meaning("oom_reaper")).contains("hog (PID 7001)");
    }
}
