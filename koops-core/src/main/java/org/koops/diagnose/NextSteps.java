package org.koops.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.koops.model.Cause;
import org.koops.model.Culprit;
import org.koops.model.Frame;
import org.koops.model.NextStep;
import org.koops.model.ProcModule;
import org.koops.model.Register;
import org.koops.model.Taint;

/** What to do next for this crash, with commands filled in from the report. */
final class NextSteps {
    private NextSteps() {
    }

    static List<NextStep> of(Evidence e, Cause cause, Culprit culprit) {
        List<NextStep> out = new ArrayList<>();
        String release = e.details().task() != null && e.details().task().release() != null
                ? e.details().task().release() : "$(uname -r)";
        String vmlinux = "/usr/lib/debug/boot/vmlinux-" + release;
        Frame where = culprit != null ? culprit.frame() : e.instructionPointer().map(Register::symbol).orElse(null);
        Optional<PastTheEnd.Entry> pastEnd = where != null ? PastTheEnd.of(e.details().frames(), where)
                : PastTheEnd.first(e.details().frames());
        if (pastEnd.isPresent()) {
            Frame f = pastEnd.get().frame();
            out.add(new NextStep("Name the function that called " + pastEnd.get().calleeName() + " and the line of the call: "
                    + f.symbolic() + " is the return address just past its end, so look one instruction back with the debug info of "
                    + (f.module() != null ? "the module" : "this kernel (the -dbg/-dbgsym package of " + release + ")"),
                    pastEnd.get().callSiteCommand(e.arch(), f.module() != null ? f.module() + ".ko" : vmlinux)));
        } else if (where != null && where.function() != null && where.offset() != null) {
            String object = where.module() != null ? where.module() + ".ko" : vmlinux;
            out.add(new NextStep("Find the source line of " + where.symbolic() + " with the debug info of "
                    + (where.module() != null ? "the module" : "this kernel (the -dbg/-dbgsym package of " + release + ")"),
                    "scripts/faddr2line " + object + " " + where.symbolic().replaceAll(" \\[.*\\]$", "")));
        }
        if (!e.details().frames().isEmpty()) {
            out.add(new NextStep("Decode the whole call trace to file:line, inline frames included",
                    "scripts/decode_stacktrace.sh " + vmlinux + " /lib/modules/" + release + " < crash.log"));
        }
        if (e.details().kernelCode().filter(c -> c.bytes().length > 0).isPresent()) {
            out.add(new NextStep("Disassemble the Code: bytes to see the faulting instruction and the register it used",
                    "scripts/decodecode < crash.log"));
        }
        out.addAll(forCause(e, cause, culprit));
        if (culprit != null && culprit.module() != null && outOfTree(culprit.moduleTaints())) {
            out.add(new NextStep("The culprit module " + culprit.module() + " is not part of the kernel ("
                    + letters(culprit.moduleTaints()) + "): fix or report it to its authors; kernel developers will ask for "
                    + "a reproduction without it", null));
        }
        ProcModule proc = e.details().procModule();
        if (proc != null && (proc.refcount() < 0 || proc.state().equals("Unloading"))) {
            out.add(new NextStep("Reboot to clear the stuck module " + proc.name() + " before loading a fixed build", "sudo reboot"));
        }
        if (e.details().panic() != null && cause != Cause.ROOT_FS_MOUNT_FAILURE) {
            out.add(new NextStep("Capture the next crash as a dump for offline analysis with kdump, then open it with crash",
                    "crash " + vmlinux + " /var/crash/*/vmcore"));
        }
        return out;
    }

    private static List<NextStep> forCause(Evidence e, Cause cause, Culprit culprit) {
        String in = culprit == null ? "" : " in " + culprit.function();
        return switch (cause) {
            case NULL_POINTER_DEREFERENCE -> List.of(new NextStep(nullAdvice(e, in), null));
            case USE_AFTER_FREE, INVALID_FREE -> List.of(new NextStep(
                    "Reproduce with slab debugging to get the allocation and free stacks of the object (or build with CONFIG_KASAN=y)",
                    "add slub_debug=FZPU to the kernel command line"));
            case OUT_OF_BOUNDS, WILD_POINTER, NON_CANONICAL_POINTER, USER_ADDRESS_FROM_KERNEL -> List.of(new NextStep(
                    "Find where the bad pointer" + in + " was loaded from; reproduce on a kernel built with CONFIG_KASAN=y, "
                    + "which reports the first bad access with the allocation and free stacks", null));
            case LIST_CORRUPTION -> List.of(new NextStep(
                    "Reproduce with CONFIG_DEBUG_LIST=y and slab debugging to catch the first bad list operation",
                    "add slub_debug=FZPU to the kernel command line"));
            case STACK_OVERFLOW, STACK_CORRUPTION -> List.of(new NextStep(
                    "Look for deep recursion or large local arrays in the trace; list the biggest stack frames",
                    "objdump -d " + "vmlinux | scripts/checkstack.pl x86_64 | head"));
            case DEADLOCK_OR_LOCKUP, LOCKING_BUG -> List.of(new NextStep(
                    "Dump all blocked tasks and held locks while it hangs, and run a kernel with CONFIG_PROVE_LOCKING=y (lockdep)",
                    "echo w > /proc/sysrq-trigger; echo d > /proc/sysrq-trigger"));
            case SLEEP_IN_ATOMIC -> List.of(new NextStep(
                    "Find the spinlock, RCU read section or disabled interrupts held" + in
                    + " and move the sleeping call out of it; CONFIG_DEBUG_ATOMIC_SLEEP=y catches every case", null));
            case ASSERTION_FAILED -> List.of(new NextStep(
                    "Read the condition of the BUG_ON() at the reported source line; it names the invariant that was broken", null));
            case DELIBERATE_PANIC -> List.of(new NextStep(
                    "Nothing to fix in the kernel: the crash was requested. If kdump is set up, check that the dump was written",
                    "ls /var/crash"));
            case OUT_OF_MEMORY -> List.of(new NextStep("See which processes used the memory and whether a cgroup limit was hit",
                    "dmesg | grep -iE 'oom|Killed process'"));
            case HARDWARE_ERROR -> List.of(new NextStep(
                    "Decode the machine check and look for the same CPU, bank or memory module in earlier logs; run a memory "
                    + "test, and check firmware and cooling: software cannot cause or fix it", "ras-mc-ctl --errors"));
            case UNINITIALIZED_MEMORY, DATA_RACE, UNDEFINED_BEHAVIOUR -> List.of(new NextStep(
                    "The sanitizer's report names the access and its origin; read its allocation/origin stacks below the trace", null));
            default -> List.of();
        };
    }

    private static String nullAdvice(Evidence e, String in) {
        Long address = e.faultAddress();
        List<Register> holders = address == null ? List.of() : e.registersHolding(address);
        StringBuilder s = new StringBuilder("Find which pointer" + in + " was NULL");
        if (address != null) {
            s.append(String.format(" (the access was at offset 0x%x from it", address));
            if (!holders.isEmpty()) {
                s.append(", through ").append(holders.get(0).name());
            }
            s.append(")");
        }
        s.append(" and every path that can leave it NULL: a failed allocation, a missing initialisation, "
                + "or an object used before set-up or after tear-down");
        return s.toString();
    }

    private static boolean outOfTree(List<Taint> taints) {
        return taints.stream().anyMatch(t -> t.letter() == 'O' || t.letter() == 'P' || t.letter() == 'E');
    }

    private static String letters(List<Taint> taints) {
        return String.join(", ", taints.stream().map(t -> t.letter() + ": " + t.meaning()).toList());
    }
}
