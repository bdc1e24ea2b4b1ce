package org.koops.explain;

import static org.koops.explain.LineRule.fixed;
import static org.koops.explain.LineRule.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/** Hangs and stalls: hung tasks, RCU stalls, soft and hard lockups, and the task state lines they print. */
final class HangRules {
    static final List<LineRule> RULES = List.of(
            rule("^INFO: task (?<comm>.{1,64}?):(?<pid>\\d++) blocked (?<io>in I/O wait )?for more than (?<secs>\\d++) seconds\\.",
                    (m, c) -> List.of("Hung task: " + m.group("comm") + " (PID " + m.group("pid") + ") has been in uninterruptible sleep "
                            + "(state D) for more than " + m.group("secs") + " s without being woken" + (m.group("io") == null ? "."
                            : ", waiting for I/O (io_schedule()): a disk, network or file-system request that does not complete."),
                    "It waits for something that never comes: usually a deadlock, a lost wake-up, or I/O that never "
                            + "completes. The trace shows what it waits in.")),
            rule("^INFO: task (?<comm>.{1,64}?):(?<pid>\\d++)(?: <\\w++>)? (?:is )?blocked on (?<lock>an? [a-z\\-]++)"
                    + "(?:, but the (?:owner|last holder) is not found| likely (?:owned|last held) by task (?<owner>.{1,64}?):(?<opid>\\d++))",
                    (m, c) -> List.of(m.group("owner") == null ? "The hung task waits for " + m.group("lock") + " whose "
                            + "owner could not be found (it may have exited, or the lock was released and the wake-up lost)."
                            : "The hung task waits for " + m.group("lock") + " most likely held by " + m.group("owner")
                            + " (PID " + m.group("opid") + "), whose stack follows: what that task waits for is the real "
                            + "cause of the hang.")),
            fixed("^\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message\\.", "The kernel's hint "
                    + "on how to silence the hung-task detector; it does not fix the hang."),
            rule("^task:(?<comm>.{1,64}?)\\s++state:(?<state>\\w)\\s++stack:\\s*+(?<stack>\\d++)\\s++pid:\\s*+(?<pid>\\d++)"
                    + "(?:\\s++tgid:\\s*+\\d++)?(?:\\s++ppid:\\s*+(?<ppid>\\d++))?(?:\\s++flags:0x(?<flags>[0-9a-f]{1,16}+))?",
                    HangRules::task),
            rule("^(?:rcu: )?INFO: (?<flavour>rcu_\\w++) (?<self>self-)?detected (?:expedited )?stalls?", (m, c) -> List.of(
                    "RCU stall: " + (m.group("self") != null ? "this CPU" : "a CPU or task") + " did not pass through a "
                            + "quiescent state for the whole stall timeout (21 s by default) of " + m.group("flavour") + ".",
                    "It has been looping with preemption or interrupts disabled, or a task is stuck inside an RCU "
                            + "read-side section; meanwhile no memory freed through RCU can be reclaimed.")),
            rule("^\\(detected by (?<cpu>\\d++), t=(?<t>\\d++) jiffies", (m, c) -> List.of("Noticed by CPU " + m.group("cpu")
                    + "; t = " + m.group("t") + " jiffies since the grace period began (jiffies tick HZ times a second).")),
            rule("^(?:rcu: )?(?<flavour>rcu_\\w++) kthread starved for (?<t>\\d++) jiffies", (m, c) -> List.of("The RCU "
                    + "grace-period kthread could not run for " + m.group("t") + " jiffies: that starvation is the "
                    + "cause of the stall (a CPU hogged, or the kthread not scheduled).")),
            rule("^(?:watchdog: |NMI watchdog: )?BUG: soft lockup - CPU#(?<cpu>\\d++) stuck for (?<secs>\\d++)s! "
                    + "\\[(?<comm>.{1,64}):(?<pid>\\d++)\\]",
                    (m, c) -> List.of("Soft lockup: CPU " + m.group("cpu") + " ran kernel code for " + m.group("secs")
                            + " s without scheduling, so the per-CPU watchdog thread never ran.",
                            "The running task was " + m.group("comm") + " (PID " + m.group("pid") + "). Typical causes: an "
                                    + "endless loop, or a long spin on a lock with preemption disabled.")),
            rule("^(?:watchdog: |NMI watchdog: )?(?:Watchdog detected hard LOCKUP on cpu (?<cpu>\\d++)"
                    + "|CPU(?<cpu2>\\d++): Watchdog detected hard LOCKUP)",
                    (m, c) -> List.of("Hard lockup: CPU " + (m.group("cpu") != null ? m.group("cpu") : m.group("cpu2"))
                            + " took no timer interrupts for about 10 s: it is stuck with interrupts disabled, typically "
                            + "spinning on a lock taken with spin_lock_irqsave().")),
            rule("^BUG: workqueue lockup - pool (?<pool>.+?) stuck for (?<secs>\\d++)s!", (m, c) -> List.of("Workqueue "
                    + "lockup: the worker pool " + m.group("pool") + " made no progress for " + m.group("secs") + " s; a "
                    + "work item is blocked or looping and the items queued behind it never run.")),
            fixed("^Showing busy workqueues and worker pools:", "The workqueues with pending work, to find the one that "
                    + "is stuck."),
            rule("^NMI backtrace for cpu (?<cpu>\\d++)", (m, c) -> List.of("The stack of CPU " + m.group("cpu")
                    + ", requested by NMI so that even a CPU with interrupts disabled shows where it is.")),
            fixed("^Sending NMI from CPU \\d++ to CPUs", "The reporting CPU asks the other CPUs for their stacks."));

    /** Task states as {@code task_state_to_char()} prints them. */
    private static final Map<String, String> STATES = Map.of(
            "R", "running or runnable", "S", "interruptible sleep (waiting, wakes on signals)",
            "D", "uninterruptible sleep: waiting for a lock or I/O, cannot be killed",
            "T", "stopped by a signal", "t", "stopped by a debugger", "X", "dead", "Z", "zombie (exited, not reaped)",
            "P", "parked kernel thread", "I", "idle kernel thread");

    /** Stable {@code PF_*} task flags (include/linux/sched.h). */
    private static final Map<Long, String> TASK_FLAGS = Map.of(
            0x4L, "PF_EXITING (the task is exiting)", 0x20L, "PF_WQ_WORKER (a workqueue worker)",
            0x40L, "PF_FORKNOEXEC (forked but has not exec'd)", 0x100L, "PF_SUPERPRIV (used superuser privileges)",
            0x800L, "PF_MEMALLOC (allocating memory for reclaim)", 0x8000L, "PF_NOFREEZE (never frozen)",
            0x200000L, "PF_KTHREAD (a kernel thread)");

    private HangRules() {
    }

    private static List<String> task(Matcher m, LineContext c) {
        StringBuilder s = new StringBuilder("Task " + m.group("comm") + " (PID " + m.group("pid")
                + (m.group("ppid") == null ? "" : ", parent " + m.group("ppid")) + ") in state " + m.group("state") + ": "
                + STATES.getOrDefault(m.group("state"), "unknown state"));
        s.append(m.group("stack").equals("0") ? "; stack:0: free stack space is not tracked (needs CONFIG_DEBUG_STACK_USAGE)"
                : "; stack:" + m.group("stack") + ": bytes of its kernel stack never used");
        if (m.group("flags") != null) {
            long flags = Hex.parse(m.group("flags"));
            List<String> set = TASK_FLAGS.entrySet().stream().filter(e -> (flags & e.getKey()) != 0)
                    .sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).toList();
            if (!set.isEmpty()) {
                s.append("; flags 0x").append(m.group("flags")).append(": ").append(String.join(", ", set));
            }
        }
        return List.of(s.append('.').toString());
    }
}
