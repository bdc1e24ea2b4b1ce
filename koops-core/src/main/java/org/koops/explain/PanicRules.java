package org.koops.explain;

import static org.koops.explain.LineRule.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code Kernel panic - not syncing: <reason>}, with the reasons the kernel gives most often. */
final class PanicRules {
    static final List<LineRule> RULES = List.of(
            rule("^Kernel panic - not syncing: ?(?<msg>.*+)$", PanicRules::panic));

    private record Reason(Pattern message, Function<Matcher, String> meaning) {
    }

    private static final List<Reason> REASONS = List.of(
            reason("Fatal exception in interrupt", m -> "An oops happened in interrupt context, where the kernel cannot "
                    + "just kill the current task, so it stops."),
            reason("Fatal exception", m -> "panic_on_oops is set, so the oops above stops the whole system instead of "
                    + "killing one task."),
            reason("Attempted to kill init! exitcode=0x(?<code>[0-9a-f]{1,16}+)", m -> "PID 1 (init) died, and the system cannot "
                    + "run without it: " + exitCode(Hex.parse(m.group("code"))) + "."),
            reason("Attempted to kill the idle task!", m -> "The idle task oopsed; it cannot exit, so the kernel stops."),
            reason("VFS: Unable to mount root fs on (?<dev>unknown-block\\((?<maj>\\d++),(?<min>\\d++)\\)|.*+)",
                    m -> "The kernel could not mount the root file system. " + ("0".equals(m.group("maj"))
                            ? "unknown-block(0,0): the root device was not found at all: a missing storage driver or "
                                    + "initramfs, or a wrong root= parameter."
                            : "The device " + m.group("dev") + " exists, but no built-in file system driver could read it.")),
            reason("No working init found\\..*+", m -> "No init program could be run from the root file system: a wrong "
                    + "init= parameter or a broken root file system."),
            reason("Requested init (?<init>\\S++) failed \\(error (?<err>-?\\d{1,9}+)\\)\\.?", m -> "The init program "
                    + m.group("init") + " could not be executed: " + Errno.name(Long.parseLong(m.group("err"))) + "."),
            reason("sysrq triggered crash", m -> "Someone triggered SysRq-C (echo c > /proc/sysrq-trigger): a deliberate "
                    + "crash, usually to test kdump. Not a bug."),
            reason("softlockup: hung tasks", m -> "softlockup_panic is set, so the soft lockup above stops the system."),
            reason("hung_task: blocked tasks", m -> "hung_task_panic is set, so the hung task above stops the system."),
            reason("Hard LOCKUP", m -> "hardlockup_panic is set, so the hard lockup above stops the system."),
            reason("panic_on_warn set \\.\\.\\.", m -> "panic_on_warn is set, so the WARNING above stops the system."),
            reason("stack-protector: Kernel stack is corrupted in: (?<fn>[\\w.$]++).*+", m -> "The stack canary of "
                    + m.group("fn") + "() was overwritten: a buffer overflow on the kernel stack in it or in a function "
                    + "it called."),
            reason("corrupted stack end detected inside scheduler", m -> "The magic value at the end of the task's "
                    + "kernel stack was overwritten: a kernel stack overflow."),
            reason("kernel stack overflow", m -> "The kernel stack overflowed into its guard page."),
            reason("Out of memory and no killable processes\\.\\.\\.", m -> "The OOM killer found no process it may kill, "
                    + "so memory cannot be freed."),
            reason("System is deadlocked on memory", m -> "Out of memory and the OOM killer's victims cannot exit: "
                    + "nothing more can be freed."),
            reason("Aiee, killing interrupt handler!", m -> "An oops in an interrupt handler tried to kill the "
                    + "interrupted task, which is impossible."),
            reason("(?:Fatal machine check|Fatal hardware error!|Machine check).*+", m -> "The CPU reported an "
                    + "uncorrectable hardware error (machine check): suspect the hardware, not the kernel."),
            reason("Asynchronous SError Interrupt", m -> "arm64 SError: the hardware reported an asynchronous error, "
                    + "often a bad bus access or failing hardware."));

    private static final Map<Integer, String> SIGNALS = Map.ofEntries(Map.entry(1, "SIGHUP"), Map.entry(2, "SIGINT"),
            Map.entry(3, "SIGQUIT"), Map.entry(4, "SIGILL"), Map.entry(5, "SIGTRAP"), Map.entry(6, "SIGABRT"),
            Map.entry(7, "SIGBUS"), Map.entry(8, "SIGFPE"), Map.entry(9, "SIGKILL"), Map.entry(11, "SIGSEGV"),
            Map.entry(13, "SIGPIPE"), Map.entry(15, "SIGTERM"));
    private static final int SIGNAL_MASK = 0x7f;

    private PanicRules() {
    }

    private static Reason reason(String regex, Function<Matcher, String> meaning) {
        return new Reason(Pattern.compile("^" + regex + "$"), meaning);
    }

    private static List<String> panic(Matcher m, LineContext c) {
        List<String> out = new ArrayList<>();
        out.add("Kernel panic: the kernel stops completely (\"not syncing\": it will not even flush data to disk).");
        String msg = m.group("msg").strip();
        REASONS.stream().map(r -> {
            Matcher rm = r.message().matcher(msg);
            return rm.matches() ? r.meaning().apply(rm) : null;
        }).filter(s -> s != null).findFirst().ifPresentOrElse(out::add,
                () -> out.add("The reason the kernel gives: \"" + msg + "\"."));
        return out;
    }

    /** A wait status: the signal in the low 7 bits, else the exit status in bits 8-15. */
    private static String exitCode(long status) {
        int signal = (int) (status & SIGNAL_MASK);
        if (signal != 0) {
            return "exitcode 0x" + Long.toHexString(status) + " = killed by signal " + signal
                    + (SIGNALS.containsKey(signal) ? " (" + SIGNALS.get(signal) + ")" : "");
        }
        return "exitcode 0x" + Long.toHexString(status) + " = it exited with status " + ((status >>> 8) & 0xff);
    }
}
