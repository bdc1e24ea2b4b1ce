package org.koops.diagnose;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.koops.model.Cause;

/** What a {@code Kernel panic - not syncing:} message means, its usual causes and what to check. */
final class PanicRules {
    /**
     * @param origin the one function that panics with this message when it is the place to look (a deliberate
     *               panic), else {@code null}
     */
    record Rule(Pattern message, Cause cause, String meaning, List<String> usualCauses, List<String> checks,
                String origin) {

        Rule from(String function) {
            return new Rule(message, cause, meaning, usualCauses, checks, function);
        }
    }

    private static final List<Rule> RULES = List.of(
            rule("^sysrq triggered crash", Cause.DELIBERATE_PANIC,
                    "someone asked for this crash by writing 'c' to /proc/sysrq-trigger (or pressing Alt+SysRq+C)",
                    List.of("a test of kdump or of the crash-recovery setup", "an administrator or script forcing a crash dump"),
                    List.of("If this was not intended, find who wrote to /proc/sysrq-trigger and restrict it with sysctl kernel.sysrq=0."))
                    .from("sysrq_handle_crash"),
            rule("^VFS: Unable to mount root fs", Cause.ROOT_FS_MOUNT_FAILURE,
                    "the kernel could not mount the root file system named on its command line, so it had nothing to run init from",
                    List.of("root= names a device that does not exist (unknown-block(0,0) means no block device at all)",
                            "the driver for the disk controller or the file system is a module, but there is no initramfs to load it",
                            "the initramfs is missing, corrupt, or was not given to the kernel (initrd line of the boot loader)",
                            "the file system type is not built into this kernel"),
                    List.of("Check root= on the kernel command line against the devices the kernel found (earlier lines list them).",
                            "Build the disk and file-system drivers into the kernel (=y) or provide an initramfs that loads them.")),
            rule("^Attempted to kill init", Cause.UNKNOWN,
                    "PID 1 (init) exited or was killed; the kernel cannot run without it",
                    List.of("init crashed (segmentation fault, missing library)", "init was killed by the OOM killer or a signal",
                            "the root file system's init binary is missing or for another architecture"),
                    List.of("Look at the messages just before: init's own error output or a segfault line.")),
            rule("^Fatal exception", Cause.UNKNOWN,
                    "an oops happened where the kernel cannot kill just one task (in interrupt context, or with panic_on_oops set), so it stopped",
                    List.of("the oops printed just before this line"), List.of("Diagnose the oops before this line.")),
            rule("^(?:panic_on_warn set|kernel: panic_on_warn set)", Cause.WARNING,
                    "a WARNING was printed and the system is configured (panic_on_warn) to treat warnings as fatal",
                    List.of("the WARNING printed before this line"), List.of("Diagnose the WARNING before this line.")),
            rule("^hung_task: blocked tasks", Cause.DEADLOCK_OR_LOCKUP,
                    "a task was blocked in uninterruptible sleep too long and hung_task_panic is set",
                    List.of("a deadlock", "I/O that never completes"), List.of("Read the hung task's stack above.")),
            rule("^softlockup: hung tasks", Cause.DEADLOCK_OR_LOCKUP,
                    "a CPU ran kernel code without scheduling for too long and softlockup_panic is set",
                    List.of("an endless loop in kernel code", "a spinlock held too long"), List.of()),
            rule("^(?:stack-protector: )?Kernel stack is corrupted in", Cause.STACK_CORRUPTION,
                    "the stack canary of a function was overwritten: something wrote past a local array",
                    List.of("a buffer overflow of a local (on-stack) variable in the named function or one it called"), List.of()),
            rule("^corrupted stack end detected", Cause.STACK_OVERFLOW,
                    "the magic value at the end of the task's kernel stack was overwritten: the stack overflowed",
                    List.of("deep recursion", "large local variables"), List.of()),
            rule("^Out of memory", Cause.OUT_OF_MEMORY,
                    "memory ran out and there was no process left that the OOM killer could kill",
                    List.of("a memory leak", "too little memory for the workload"), List.of()),
            rule("^(?:System is deadlocked on memory)", Cause.OUT_OF_MEMORY,
                    "memory ran out and the OOM killer could not free any", List.of(), List.of()),
            rule("^Watchdog detected hard LOCKUP", Cause.DEADLOCK_OR_LOCKUP,
                    "a CPU stopped taking interrupts for too long and hardlockup_panic is set", List.of(), List.of()),
            rule("^(?:Aiee, killing interrupt handler|Fatal exception in interrupt)", Cause.UNKNOWN,
                    "the crash happened in an interrupt handler, which cannot be killed like a task",
                    List.of("the oops printed just before this line"), List.of()),
            rule("^No working init found", Cause.UNKNOWN,
                    "the kernel found no init program to start (tried init=, /sbin/init, /etc/init, /bin/init, /bin/sh)",
                    List.of("a broken root file system or initramfs"), List.of()));

    private PanicRules() {
    }

    private static Rule rule(String regex, Cause cause, String meaning, List<String> usual, List<String> checks) {
        return new Rule(Pattern.compile(regex), cause, meaning, usual, checks, null);
    }

    static Optional<Rule> forMessage(String message) {
        return RULES.stream().filter(r -> r.message().matcher(message).lookingAt()).findFirst();
    }
}
