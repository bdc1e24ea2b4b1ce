package org.koops.diagnose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.format.FrameFamilies;
import org.koops.format.GuardedPattern;
import org.koops.model.Frame;
import org.koops.model.Kind;
import org.koops.model.LogLine;
import org.koops.model.Register;
import org.koops.model.RegisterDump;
import org.koops.model.Stall;

/**
 * Reads who waits on what in a hang or stall report: the hung task and the primitive it sleeps in ({@code
 * kernel/hung_task.c}), the stuck CPU of a soft or hard lockup ({@code kernel/watchdog.c}), the stalled CPU of an RCU
 * stall and whether its grace-period kthread was starved ({@code kernel/rcu/tree_stall.h}), and, from lockdep's list
 * of the locks every task holds, the lock several tasks hold or wait for.
 */
final class Stalls {
    private static final GuardedPattern HUNG = GuardedPattern.starting(
            "^INFO: task (.{1,64}?):(\\d{1,9}+) blocked for more than (\\d{1,9}+) seconds", "INFO: task ");
    private static final GuardedPattern SOFT = GuardedPattern.containing(
            "soft lockup - CPU#(\\d{1,9}+) stuck for (\\d{1,9}+)s! \\[(.{1,64}):(\\d{1,9}+)\\]", "soft lockup - CPU#");
    private static final GuardedPattern HARD = GuardedPattern.containing(
            "(?:hard LOCKUP on cpu (\\d{1,9}+)|CPU(\\d{1,9}+): Watchdog detected hard LOCKUP)", "hard LOCKUP");
    private static final GuardedPattern RCU_CPU = GuardedPattern.containing(
            "^(?:rcu: )?\\s*(\\d{1,9}+)-[.\\w]{3,4}!?: \\(.*?\\) idle=[0-9a-f]{1,16}+/(\\d{1,9}+)/", ") idle=");
    private static final String RCU_SELF = "self-detected stall on CPU";
    private static final GuardedPattern STARVED = GuardedPattern.containing("^(?:rcu: )?\\S++ kthread starved for \\d{1,9}+ jiffies",
            " kthread starved for ");
    private static final GuardedPattern HELD_BY = GuardedPattern.containing("^\\d{1,9}+ locks? held by (.{1,80}?):$", " held by ");
    private static final GuardedPattern HELD = GuardedPattern.starting("^#\\d{1,9}+:\\s++(?:([0-9a-f]{8,16}+)\\s++)?\\((.{1,200}?)\\)", "#");
    private static final Pattern IDLE = Pattern.compile("^(?:default_idle\\w*|cpuidle_\\w+|do_idle|arch_cpu_idle\\w*|\\w*_idle)$");

    /**
     * What a task sleeps on, by the primitive in its stack; the first matching frame of the stack wins.
     *
     * @param frame the functions, a pattern without groups, matched against a frame's whole base name
     */
    private record Wait(String frame, String what) {
    }

    private static final List<Wait> WAITS = List.of(
            wait("jbd2_log_wait_commit|jbd2_journal_\\w*wait\\w*|jbd2_\\w*commit\\w*", "the journal commit (jbd2)"),
            wait("mutex_lock\\w*|__mutex_lock\\w*", "a mutex"),
            wait("down_read\\w*|rwsem_down_read\\w*|call_rwsem_down_read\\w*", "an rw-semaphore, for reading"),
            wait("down_write\\w*|rwsem_down_write\\w*|call_rwsem_down_write\\w*|__rwsem_down_write\\w*", "an rw-semaphore, for writing"),
            wait("down|__down\\w*|down_interruptible|down_killable|down_timeout", "a semaphore"),
            wait("synchronize_rcu\\w*|synchronize_srcu\\w*|rcu_barrier\\w*|__synchronize_srcu", "an RCU grace period"),
            wait("flush_work|__flush_work|flush_workqueue\\w*|__flush_workqueue|drain_workqueue", "a work item to finish"),
            wait("wait_for_completion\\w*|__wait_for_common|wait_for_common\\w*", "a completion"),
            wait("io_schedule\\w*|folio_wait\\w*|__folio_lock\\w*|wait_on_page\\w*|__lock_page\\w*|wait_on_bit\\w*|bit_wait_io"
                    + "|__wait_on_buffer|blk_mq_get_tag", "I/O (a page or buffer being read or written)"),
            wait("queued_spin_lock_slowpath|native_queued_spin_lock_slowpath|_raw_spin_lock\\w*|do_raw_spin_lock", "a spinlock"));

    /**
     * Every row of {@link #WAITS} in one pattern, a group a row, in the table's order: a frame is matched once, not once a
     * row, and the group that took part is the first row that matches the whole name, as trying the rows in turn finds.
     */
    private static final Pattern ANY_WAIT = anyWait();

    /** What a primitive means inside a well-known caller: an rw-semaphore taken on the way out of a task is mmap_lock. */
    private static final Pattern EXITING = Pattern.compile("^(?:do_exit|exit_mm|exit_mmap|mmput|do_group_exit)$");

    private Stalls() {
    }

    private static Pattern anyWait() {
        StringBuilder alternatives = new StringBuilder();
        for (Wait w : WAITS) {
            alternatives.append(alternatives.isEmpty() ? "" : "|").append('(').append(w.frame()).append(')');
        }
        Pattern any = Pattern.compile("^(?:" + alternatives + ")$");
        if (any.matcher("").groupCount() != WAITS.size()) {
            throw new IllegalStateException("a row of the waits holds a group of its own: " + any);
        }
        return any;
    }

    private static Wait wait(String regex, String what) {
        return new Wait(regex, what);
    }

    /**
     * What the report says, or {@code null} for a report of another kind; {@code earlier}, the hung tasks reported
     * before it in the same log, tell whether this one waits where others wait too.
     */
    static Stall read(Evidence e, List<Stall> earlier) {
        Kind k = e.kind();
        if (k != Kind.HUNG_TASK && k != Kind.SOFT_LOCKUP && k != Kind.HARD_LOCKUP && k != Kind.RCU_STALL) {
            return null;
        }
        Integer cpu = null;
        String task = null;
        Integer pid = null;
        Integer seconds = null;
        Boolean idle = null;
        boolean starved = false;
        boolean self = false;
        for (LogLine l : e.lines()) {
            String t = l.text().strip();
            Matcher m;
            if (task == null && (m = HUNG.lookingAt(t)) != null) {
                task = m.group(1);
                pid = Integer.valueOf(m.group(2));
                seconds = Integer.valueOf(m.group(3));
            } else if (cpu == null && (m = SOFT.find(t)) != null) {
                cpu = Integer.valueOf(m.group(1));
                seconds = Integer.valueOf(m.group(2));
                task = m.group(3);
                pid = Integer.valueOf(m.group(4));
            } else if (cpu == null && (m = HARD.find(t)) != null) {
                cpu = Integer.valueOf(m.group(1) != null ? m.group(1) : m.group(2));
            } else if (cpu == null && (m = RCU_CPU.lookingAt(t)) != null) {
                cpu = Integer.valueOf(m.group(1));
                idle = m.group(2).equals("0");
            } else if (t.contains(RCU_SELF)) {
                self = true;
            } else if (STARVED.isLookingAt(t)) {
                starved = true;
            }
        }
        if (k == Kind.RCU_STALL && cpu == null && self && e.details().task() != null) {
            cpu = e.details().task().cpu();
        }
        if (k == Kind.HARD_LOCKUP || k == Kind.SOFT_LOCKUP || k == Kind.RCU_STALL) {
            if (task == null && e.details().task() != null) {
                task = e.details().task().comm();
                pid = e.details().task().pid();
            }
            if (idle == null && k == Kind.RCU_STALL && inIdle(e)) {
                idle = true;
            }
        }
        List<Frame> frames = stack(e);
        Matcher primitive = ANY_WAIT.matcher("");
        String waitsOn = waitsOn(frames, primitive);
        String waitsIn = null;
        for (int i = 0; i < frames.size() && waitsIn == null; i++) {
            String fn = frames.get(i).function();
            waitsIn = waiting(fn, primitive) || machinery(fn) ? null : fn;
        }
        if (waitsOn != null && waitsOn.startsWith("an rw-semaphore") && frames.stream()
                .anyMatch(f -> EXITING.matcher(FrameFamilies.baseName(f.function())).matches())) {
            waitsOn = "mmap_lock (the address space's rw-semaphore), taken by exit_mm() as the task exits";
        }
        if (k == Kind.RCU_STALL && starved && Boolean.TRUE.equals(idle)) {
            waitsOn = "the RCU grace-period kthread, which was starved of CPU time while the stalled CPU sat idle: a timer "
                    + "that did not fire or a vCPU the host did not run, not a loop in the kernel";
        } else if (k == Kind.RCU_STALL && starved) {
            waitsOn = "the RCU grace-period kthread, which was starved of CPU time";
        }
        Map<String, Set<String>> holders = holders(e);
        String shared = null;
        List<String> tasks = List.of();
        for (Map.Entry<String, Set<String>> h : holders.entrySet()) {
            if (h.getValue().size() >= 2 && (shared == null || h.getValue().size() > tasks.size())) {
                shared = h.getKey().substring(h.getKey().indexOf(' ') + 1);
                tasks = List.copyOf(h.getValue());
            }
        }
        if (shared == null && k == Kind.HUNG_TASK && waitsOn != null && waitsIn != null) {
            String me = task + (pid == null ? "" : "/" + pid);
            Set<String> same = new LinkedHashSet<>();
            for (Stall s : earlier) {
                if (waitsOn.equals(s.waitsOn()) && waitsIn.equals(s.waitsIn()) && s.task() != null) {
                    same.add(s.task() + (s.pid() == null ? "" : "/" + s.pid()));
                }
            }
            same.remove(me);
            if (!same.isEmpty()) {
                same.add(me);
                shared = sameWait(waitsOn, waitsIn);
                tasks = List.copyOf(same);
            }
        }
        return new Stall(cpu, task, pid, seconds, waitsIn, waitsOn, shared, tasks, idle, starved);
    }

    /**
     * The stuck task's stack: its reliable frames, innermost first, or at a lockup the instruction pointer first. When
     * the trace holds the registers an interrupt saved (the watchdog's or RCU's timer interrupt printing the report
     * from above the code it interrupted), the stuck code is the instruction pointer there and the frames below it.
     */
    private static List<Frame> stack(Evidence e) {
        List<Frame> frames = new ArrayList<>();
        List<Frame> reliable = e.reliableFrames();
        Long saved = e.details().kernelRegisters().map(RegisterDump::line)
                .filter(l -> !reliable.isEmpty() && reliable.get(0).line() < l).orElse(null);
        if (e.kind() == Kind.SOFT_LOCKUP || e.kind() == Kind.HARD_LOCKUP || saved != null && e.kind() == Kind.RCU_STALL) {
            e.instructionPointer().map(Register::symbol).filter(f -> f.function() != null).ifPresent(frames::add);
        }
        if (saved != null && e.kind() != Kind.HUNG_TASK) {
            reliable.stream().filter(f -> f.line() > saved).forEach(frames::add);
        }
        if (frames.isEmpty() || saved == null || e.kind() == Kind.HUNG_TASK) {
            frames.addAll(reliable);
        }
        return frames;
    }

    /**
     * The stall detectors' own printers, the stack unwinder and timer interrupts they run from, and KCOV's helper,
     * besides the reporting code every report shares: they say where the detector ran, not where the stalled code
     * waits or loops.
     */
    private static final Pattern DETECTOR = Pattern.compile("^(?:_?sched_show_task|dump_cpu_task|show_stack\\w*|unwind_\\w+|write_comp_data"
            + "|local_apic_timer_interrupt|arch_timer_handler_\\w+"
            + "|check_cpu_stall\\w*|print_cpu_stall\\w*|print_other_cpu_stall\\w*|rcu_dump_cpu_stacks|nmi_cpu_backtrace\\w*"
            + "|nmi_trigger_cpumask_backtrace|arch_trigger_cpumask_backtrace|watchdog_timer_fn|watchdog_overflow_callback"
            + "|__sanitizer_cov_\\w+)$");

    /**
     * Code that is neither where a stalled task waits nor where a CPU loops: the report's printers and trap handlers,
     * sanitizer and coverage instrumentation (compiled into every function: the loop is in its caller), entry code.
     */
    private static boolean machinery(String function) {
        if (DETECTOR.matcher(FrameFamilies.baseName(function)).matches()) {
            return true;
        }
        FrameFamilies.Family family = FrameFamilies.of(function);
        return family != null && switch (family.role()) {
            case REPORTING, TRAP, SANITIZER, ENTRY -> true;
            default -> false;
        };
    }

    /** The context switch a sleeping task's stack starts with on some architectures (arm64's __switch_to). */
    private static final Pattern SWITCH = Pattern.compile("^(?:__switch_to\\w*|cpu_switch_to|context_switch|finish_task_switch\\w*)$");

    /** A scheduling or locking primitive, or lockdep: the waiting itself, not where the task waits. */
    private static boolean waiting(String function, Matcher primitive) {
        String base = FrameFamilies.baseName(function);
        if (SWITCH.matcher(base).matches()) {
            return true;
        }
        FrameFamilies.Family family = FrameFamilies.of(function);
        return waitOf(base, primitive) != null || family != null
                && (family.role() == FrameFamilies.Role.LOCK || family.role() == FrameFamilies.Role.CHECKER);
    }

    private static String waitsOn(List<Frame> frames, Matcher primitive) {
        for (Frame f : frames) {
            Wait w = waitOf(FrameFamilies.baseName(f.function()), primitive);
            if (w != null) {
                return w.what();
            }
        }
        return null;
    }

    /**
     * The first row of {@link #WAITS} that matches a frame's base name, or {@code null}: one match of {@link #ANY_WAIT},
     * whose alternatives are tried in the table's order, with {@code primitive}, a matcher of it.
     */
    private static Wait waitOf(String base, Matcher primitive) {
        if (!primitive.reset(base).matches()) {
            return null;
        }
        for (int g = 1; g <= WAITS.size(); g++) {
            if (primitive.start(g) >= 0) {
                return WAITS.get(g - 1);
            }
        }
        throw new IllegalStateException("no row of the waits took part in a match of " + base);
    }

    private static boolean inIdle(Evidence e) {
        return stack(e).stream().limit(4).anyMatch(f -> IDLE.matcher(FrameFamilies.baseName(f.function())).matches());
    }

    /** lockdep's held-lock lists ({@code 2 locks held by syz/123:} then {@code #0: addr (class)}): lock to tasks. */
    private static Map<String, Set<String>> holders(Evidence e) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        String who = null;
        for (LogLine l : e.lines()) {
            String t = l.text().strip();
            Matcher m = HELD_BY.lookingAt(t);
            if (m != null) {
                who = m.group(1);
                continue;
            }
            Matcher h = who == null ? null : HELD.lookingAt(t);
            if (h != null) {
                String key = (h.group(1) == null ? "" : h.group(1)) + " " + h.group(2);
                out.computeIfAbsent(key, x -> new LinkedHashSet<>()).add(who);
            } else if (!t.isEmpty()) {
                who = null;
            }
        }
        return out;
    }

    /** The shared lock of hung tasks that the log reports one by one: the same primitive in the same function. */
    private static String sameWait(String waitsOn, String waitsIn) {
        return waitsOn + " in " + waitsIn;
    }

    /** Who waits on what, for the summary. */
    static String phrase(Stall s, Kind kind) {
        StringBuilder b = new StringBuilder();
        if (s.cpu() != null) {
            b.append("CPU ").append(s.cpu());
        }
        if (s.task() != null) {
            b.append(b.isEmpty() ? "" : ", ").append(s.task()).append(s.pid() == null ? "" : " (PID " + s.pid() + ")");
        }
        if (s.seconds() != null) {
            b.append(" for ").append(s.seconds()).append(" s");
        }
        if (s.waitsOn() != null) {
            b.append(b.isEmpty() ? "" : ", ").append("waiting on ").append(s.waitsOn());
        }
        if (s.waitsIn() != null) {
            String doing = kind == Kind.HUNG_TASK ? "sleeping in " : "looping in ";
            b.append(s.starvedKthread() ? "; the stalled CPU was in " : s.waitsOn() != null ? " in " : b.isEmpty() ? doing
                    : ", " + doing).append(s.waitsIn());
        }
        if (s.sharedLock() != null && s.sharedLock().equals(sameWait(s.waitsOn(), s.waitsIn()))) {
            b.append("; ").append(s.tasks().size()).append(" hung tasks of this log wait there (")
                    .append(String.join(", ", s.tasks())).append("): one lock, whose holder is the one to find");
        } else if (s.sharedLock() != null) {
            b.append("; ").append(s.tasks().size()).append(" tasks hold or wait for ").append(s.sharedLock());
        }
        return b.toString();
    }
}
