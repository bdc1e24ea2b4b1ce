package org.koops.explain;

import static org.koops.explain.LineRule.fixed;
import static org.koops.explain.LineRule.rule;

import java.util.List;

import org.koops.decode.InterruptFlag;

/** The lines around the end of a report: end markers, KASLR offset, notes on the killed task, reboot. */
final class TailRules {
    static final List<LineRule> RULES = List.of(
            rule("^---\\[ end trace (?<id>[0-9a-f]{1,16}+) \\]---", (m, c) -> List.of("End of the oops report"
                    + (m.group("id").matches("0++") ? " (trace id 0: recent kernels no longer print a random id)."
                            : "; the id " + m.group("id") + " is random per boot (older kernels), to tell reports apart."))),
            fixed("^---\\[ end Kernel panic - not syncing:", "End of the panic report: the system has stopped, or "
                    + "reboots after the panic= timeout."),
            rule("^Kernel Offset: (?<off>0x[0-9a-f]{1,16}+) from (?<base>0x[0-9a-f]{1,16}+)", (m, c) -> List.of("KASLR: the kernel image "
                    + "was loaded " + m.group("off") + " bytes above its link address " + m.group("base") + ". Subtract "
                    + m.group("off") + " from addresses in this log before looking them up in vmlinux or System.map.")),
            fixed("^Kernel Offset: disabled", "KASLR is off: addresses in this log match vmlinux and System.map directly."),
            rule("^note: (?<comm>.{1,64}?)\\[(?<pid>\\d++)\\] exited with irqs disabled", TailRules::irqsDisabled),
            rule("^note: (?<comm>.{1,64}?)\\[(?<pid>\\d++)\\] exited with preempt_count (?<n>\\d{1,15}+)", (m, c) -> List.of(
                    "The oops killed " + m.group("comm") + " (PID " + m.group("pid") + ") with preemption disabled ("
                            + PreemptCount.describe(Long.parseLong(m.group("n"))) + ").",
                    "A spinlock or preempt_disable() section it was in is never left; locks it held stay held.")),
            fixed("^Fixing recursive fault but reboot is needed!", "The task oopsed again while exiting after an "
                    + "earlier oops; the kernel parks it forever. The system is unstable: reboot."),
            fixed("^(?:sysrq: )?(?:SysRq : )?Trigger a crash", "Someone asked for a crash with SysRq-C (echo c > "
                    + "/proc/sysrq-trigger): deliberate, usually to test kdump."),
            rule("^Rebooting in (?<n>\\d++) seconds", (m, c) -> List.of("The panic= timeout: the machine reboots in "
                    + m.group("n") + " s.")),
            fixed("^Dumping ftrace buffer:", "ftrace_dump_on_oops is set: the function-trace buffer follows, showing "
                    + "what ran before the crash."),
            fixed("^Disabling lock debugging due to kernel taint", "lockdep switched itself off because the kernel "
                    + "became tainted: later locking reports would be unreliable."),
            fixed("^(?:Shutting down cpus with NMI|SMP: stopping secondary CPUs)", "The panicking CPU stops all the "
                    + "other CPUs."),
            fixed("^Starting crashdump kernel", "kdump: the capture kernel starts, to save a vmcore of this crash."),
            fixed("^Stack:$", "Raw words of the kernel stack (older kernels print them before the trace)."));

    private TailRules() {
    }

    /**
     * do_exit() found interrupts disabled. x86 handles a kernel page fault with interrupts off and oopses from there
     * without turning them back on, so after a page fault taken with interrupts on this is the oops's own doing, not
     * a sign of a held lock; with interrupts already off at the fault, the code held them off itself.
     */
    private static List<String> irqsDisabled(java.util.regex.Matcher m, LineContext c) {
        String who = m.group("comm") + " (PID " + m.group("pid") + ")";
        Boolean atFault = c.report().details().kernelRegisters().flatMap(InterruptFlag::enabled).orElse(null);
        if (Boolean.TRUE.equals(atFault) && c.report().details().fault() != null
                && c.report().details().fault().address() != null && !c.report().generalProtection()) {
            return List.of("The oops killed " + who + " with interrupts disabled, but they were enabled at the fault "
                    + "(the flags of the register dump): the page-fault handler runs with them off and the oops left it "
                    + "that way. Not a sign of a held spinlock; exited with preempt_count would be.");
        }
        return List.of("The oops killed " + who + " with interrupts disabled" + (Boolean.FALSE.equals(atFault)
                ? ", as they already were at the fault: the code ran under spin_lock_irqsave() or local_irq_disable()"
                : "") + ". A spinlock it held with interrupts off is never released, so later users of that lock will "
                + "hang; reboot soon.");
    }
}
