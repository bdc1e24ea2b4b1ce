package org.koops.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

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
                    + proprietarySources(e) + "; kernel developers may ask for a reproduction without those modules.",
                    task.line()));
        }
        boolean panicked = e.details().panic() != null;
        if (panicked) {
            out.add(Claim.of("The kernel panicked: the machine stopped (or rebooted if panic= is set); nothing after this line ran.",
                    e.lines().stream().filter(l -> l.text().contains("Kernel panic - not syncing")).findFirst()
                            .map(l -> l.number()).orElse(e.headerLine())));
        } else if (e.details().oops() != null || e.kind() == Kind.KERNEL_BUG) {
            out.add(Claim.of("The kernel killed the task and went on running, now tainted 'D' (it has oopsed): "
                    + "locks, memory and references the task held are not released, so the system may be unstable until rebooted.",
                    e.details().oops() != null ? e.details().oops().line() : e.headerLine()));
        } else if (e.kind() == Kind.WARNING) {
            out.add(Claim.of("A warning does not stop the kernel; it is now tainted 'W'.", e.headerLine()));
        }
        for (String note : e.details().notes()) {
            if (note.contains("exited with irqs disabled")) {
                out.add(Claim.of("The task was killed with interrupts disabled; anything it held (spinlocks, "
                        + "preemption count) stays held.", noteLine(e, note)));
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
