package org.koops.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.koops.decode.InterruptFlag;
import org.koops.model.Frame;

import org.koops.model.Claim;
import org.koops.model.Kind;
import org.koops.model.ModuleRef;
import org.koops.model.ProcModule;
import org.koops.model.Taint;
import org.koops.model.Task;

/** What a crash leaves behind: taint, a killed task, a stuck module, the need to reboot. */
final class Consequences {
    private Consequences() {
    }

    static List<Claim> of(Evidence e) {
        List<Claim> out = new ArrayList<>();
        Task task = e.details().task();
        if (task != null && task.tainted()) {
            out.add(Claim.of("The kernel was already tainted before this report (" + letters(task.taints()) + ")"
                    + proprietarySources(e) + taintAdvice(task.taints()), task.line()));
        }
        boolean panicked = e.details().panic() != null;
        if (panicked) {
            out.add(Claim.of("The kernel panicked: the machine stopped (or rebooted if panic= is set); nothing after this line ran.",
                    e.lines().stream().filter(l -> l.text().contains("Kernel panic - not syncing")).findFirst()
                            .map(l -> l.number()).orElse(e.headerLine())));
        } else if (e.details().oops() != null || e.kind() == Kind.KERNEL_BUG) {
            long at = e.details().oops() != null ? e.details().oops().line() : e.headerLine();
            Optional<String> fatal = unkillable(e);
            out.add(Claim.of(fatal.orElse("The kernel killed the task and went on running, now tainted 'D' (it has "
                    + "oopsed): locks, memory and references the task held are not released, so the system may be "
                    + "unstable until rebooted."), fatal.isPresent() && task != null ? task.line() : at));
        } else if (e.kind() == Kind.WARNING) {
            out.add(Claim.of("A warning does not stop the kernel; it is now tainted 'W'.", e.headerLine()));
        }
        for (String note : e.details().notes()) {
            Matcher preempt = PREEMPT_COUNT.matcher(note);
            if (note.contains("exited with irqs disabled")) {
                out.add(Claim.of(irqsDisabled(e), noteLine(e, note)));
            } else if (preempt.find()) {
                out.add(Claim.of("The task died with preempt_count " + preempt.group(1) + ": it was inside a spinlock or "
                        + "another preempt_disable() section, which is never left, so a lock it held stays held and the "
                        + "next task to take it hangs.", noteLine(e, note)));
            } else if (note.contains("reboot is needed")) {
                out.add(Claim.of("A second fault happened while handling the first; the kernel asks for a reboot.", noteLine(e, note)));
            }
        }
        ProcModule proc = e.details().procModule();
        if (proc != null && (proc.refcount() < 0 || proc.state().equals("Unloading"))) {
            out.add(Claim.of(String.format("Module %s is stuck: /proc/modules shows it %s with use count %d. It can be neither "
                    + "unloaded nor loaded again; only a reboot clears it.", proc.name(), proc.state(), proc.refcount()), proc.line()));
        }
        return out;
    }

    private static final Pattern PREEMPT_COUNT = Pattern.compile("exited with preempt_count (\\d++)");

    /**
     * The kernel cannot kill the idle task (PID 0), init (PID 1) or code running in interrupt context: do_exit()
     * panics instead, so the oops ends the machine whether or not the log goes on to the panic line.
     */
    private static Optional<String> unkillable(Evidence e) {
        Task task = e.details().task();
        if (task != null && task.pid() != null && task.pid() == 0) {
            return Optional.of("The oops happened in PID 0, the idle task (" + task.comm() + "), which cannot be killed: "
                    + "the kernel panics (\"Attempted to kill the idle task!\"), even if the log stops before that line.");
        }
        if (task != null && task.pid() != null && task.pid() == 1) {
            return Optional.of("The oops happened in PID 1 (" + task.comm() + "), init or the boot thread that becomes "
                    + "it: killing it panics the kernel (\"Attempted to kill init!\"), even if the log stops before that "
                    + "line.");
        }
        boolean interrupt = e.details().frames().stream().filter(Frame::reliable).findFirst()
                .map(f -> f.context() != null && !f.context().equals("TASK")).orElse(false);
        return interrupt ? Optional.of("The oops happened in interrupt context, where there is no task to kill: the "
                + "kernel panics (\"Fatal exception in interrupt\"), even if the log stops before that line.")
                : Optional.empty();
    }

    /**
     * do_exit() found interrupts off. With them on at the trap (the dump's flags), the code that crashed held nothing
     * that disables them at that moment: the exception path turned them off (x86 handles a kernel page fault with them
     * off, a BUG() trap is handled with them masked on x86, arm and arm64), so the note is the oops's own doing. With
     * them already off at the trap, the code held them off itself, which is what spin_lock_irqsave() does.
     */
    private static String irqsDisabled(Evidence e) {
        Boolean atFault = e.details().kernelRegisters().flatMap(InterruptFlag::enabled).orElse(null);
        if (Boolean.TRUE.equals(atFault)) {
            boolean pageFault = e.faultAddress() != null && e.kind() != Kind.GENERAL_PROTECTION_FAULT;
            return "The task exited with interrupts disabled, but they were enabled at the fault (the flags of the register "
                    + "dump), so the code that crashed held no lock that disables them: the "
                    + (pageFault ? "page-fault handler" : "exception handler") + " runs with them off and the oops killed "
                    + "the task from there. That says nothing about a held lock; \"exited with preempt_count\" would.";
        }
        return "The task was killed with interrupts disabled" + (Boolean.FALSE.equals(atFault)
                ? ", as they were at the fault already: the code ran under spin_lock_irqsave() or local_irq_disable()"
                : "") + "; a lock it held with interrupts off stays held.";
    }

    /** Taints a loaded module sets (proprietary, forced, staging, out-of-tree, unsigned, auxiliary). */
    private static final String MODULE_TAINTS = "PFCOEX";
    /** Taints an earlier problem of the same boot sets (bad page, oops, warning, machine check, firmware bug). */
    private static final String EARLIER_PROBLEM = "BDWMI";

    /** What the taint asks of the reader: a reproduction without the modules, or the earlier report read first. */
    private static String taintAdvice(List<Taint> taints) {
        boolean modules = taints.stream().anyMatch(t -> t.bit() >= 0 && MODULE_TAINTS.indexOf(t.letter()) >= 0);
        boolean earlier = taints.stream().anyMatch(t -> t.bit() >= 0 && EARLIER_PROBLEM.indexOf(t.letter()) >= 0);
        return (modules ? "; kernel developers may ask for a reproduction without those modules" : "")
                + (earlier ? "; an earlier problem of this boot set it, and this report may be its consequence: read the "
                + "first report of the log first" : "") + ".";
    }

    private static String letters(List<Taint> taints) {
        return taints.stream().filter(t -> t.bit() >= 0).map(t -> t.letter() + " = " + t.meaning())
                .collect(Collectors.joining("; "));
    }

    /** Which modules carry the proprietary taint, when the module list tells. */
    private static String proprietarySources(Evidence e) {
        if (e.details().modules() == null) {
            return "";
        }
        List<String> names = e.details().modules().modules().stream().filter(m -> m.taint().contains("P"))
                .map(ModuleRef::name).toList();
        return names.isEmpty() ? "" : "; proprietary (P) modules loaded: " + String.join(", ", names);
    }

    private static long noteLine(Evidence e, String note) {
        return e.lines().stream().filter(l -> l.text().contains(note)).findFirst().map(l -> l.number()).orElse(e.headerLine());
    }
}
