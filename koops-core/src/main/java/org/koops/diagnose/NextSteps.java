package org.koops.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.koops.decode.KernelRelease;
import org.koops.decode.PointerTokens;
import org.koops.decode.PoisonValues;
import org.koops.model.Cause;
import org.koops.model.Culprit;
import org.koops.model.Frame;
import org.koops.model.Kind;
import org.koops.model.NextStep;
import org.koops.model.ProcModule;
import org.koops.model.Register;
import org.koops.model.Taint;

/**
 * What to do next for this crash, with commands filled in from the report: the release it names, the debug symbols of
 * its distribution (or of the user's own build), and nothing the report shows was done already: no debug option
 * advised when its check is what printed the report, no decoding of a trace that is decoded.
 */
final class NextSteps {
    /** lockdep's own lines: a kernel that prints them has lockdep on. */
    private static final Pattern LOCKDEP_ON = Pattern.compile(
            "^(?:\\d++ locks? held by |no locks held by |Showing all locks held|-> #\\d++ |#\\d++: .*, at: )");

    private NextSteps() {
    }

    static List<NextStep> of(Evidence e, Cause cause, Culprit culprit) {
        List<NextStep> out = new ArrayList<>();
        Debug debug = Debug.of(e);
        Frame where = culprit != null ? culprit.frame() : e.instructionPointer().map(Register::symbol).orElse(null);
        Optional<PastTheEnd.Entry> pastEnd = where != null ? PastTheEnd.of(e.details().frames(), where)
                : PastTheEnd.first(e.details().frames());
        if (pastEnd.isPresent()) {
            Frame f = pastEnd.get().frame();
            out.add(new NextStep("Name the function that called " + pastEnd.get().calleeName() + " and the line of the call: "
                    + f.symbolic() + " is the return address just past its end, so look one instruction back with "
                    + debug.of(f), pastEnd.get().callSiteCommand(e.arch(), debug.object(f))));
        } else if (where != null && where.function() != null && where.offset() != null) {
            if (where.source() != null) {
                out.add(new NextStep("Read the source at " + where.source() + ", the line the report names for "
                        + where.symbolic(), null));
            } else {
                out.add(new NextStep("Find the source line of " + where.symbolic() + " with " + debug.of(where),
                        "scripts/faddr2line " + debug.object(where) + " " + where.symbolic().replaceAll(" \\[.*\\]$", "")));
            }
        }
        boolean decoded = e.details().frames().stream().anyMatch(f -> f.source() != null);
        if (!e.details().frames().isEmpty() && !decoded) {
            out.add(new NextStep("Decode the whole call trace to file:line, inline frames included",
                    "scripts/decode_stacktrace.sh " + debug.vmlinux() + " " + debug.modules() + " < crash.log"));
        }
        if (e.details().kernelCode().filter(c -> c.bytes().length > 0).isPresent()) {
            out.add(new NextStep("Disassemble the Code: bytes to see the faulting instruction and the register it used",
                    "scripts/decodecode < crash.log"));
        }
        out.addAll(forCause(e, cause, culprit));
        if (culprit != null && culprit.module() != null && outOfTree(culprit.moduleTaints())) {
            out.add(new NextStep("The culprit module " + culprit.module() + " is not part of the kernel (taint "
                    + letters(culprit.moduleTaints()) + "): fix or report it to its authors; kernel developers will ask for "
                    + "a reproduction without it", null));
        }
        ProcModule proc = e.details().procModule();
        if (proc != null && (proc.refcount() < 0 || proc.state().equals("Unloading"))) {
            out.add(new NextStep("Reboot to clear the stuck module " + proc.name() + " before loading a fixed build", "sudo reboot"));
        }
        if (e.details().panic() != null && cause != Cause.ROOT_FS_MOUNT_FAILURE) {
            out.add(new NextStep("Capture the next crash as a dump for offline analysis with kdump, then open it with crash",
                    "crash " + debug.vmlinux() + " /var/crash/*/vmcore"));
        }
        return out;
    }

    /**
     * Where the debug symbols of the report's kernel are: the release it names (or {@code $(uname -r)} when it names
     * none), and the distribution's debug package, or the user's own build tree for a kernel they built.
     */
    private record Debug(String release, Optional<KernelRelease.Origin> packaged) {
        static Debug of(Evidence e) {
            var task = e.details().task();
            if (task != null && task.release() != null) {
                return new Debug(task.release(), KernelRelease.packaged(task.release(), task.build()));
            }
            return new Debug(null, Optional.empty());
        }

        String vmlinux() {
            if (release == null) {
                return "/usr/lib/debug/boot/vmlinux-$(uname -r)";
            }
            return packaged.map(o -> o.vmlinux(release)).orElse("vmlinux");
        }

        String modules() {
            return release == null ? "/lib/modules/$(uname -r)" : packaged.isPresent() ? "/lib/modules/" + release
                    : "<your build tree>";
        }

        /** The object to look a frame up in. */
        String object(Frame f) {
            return f.module() != null ? f.module() + ".ko" : vmlinux();
        }

        /** Whose debug info a frame needs, in words. */
        String of(Frame f) {
            if (f.module() != null) {
                return "the debug info of the module (its .ko built with debug info)";
            }
            if (release == null) {
                return "the debug info of this kernel (the vmlinux of the running kernel)";
            }
            return packaged.map(o -> "the debug info of this kernel (" + o.debug().replace("RELEASE", release) + ")")
                    .orElse("the debug info of this kernel: the vmlinux of your own build of " + release
                            + ", built with CONFIG_DEBUG_INFO=y");
        }
    }

    private static List<NextStep> forCause(Evidence e, Cause cause, Culprit culprit) {
        String in = culprit == null ? "" : " in " + culprit.function();
        boolean kasanOn = e.kind() == Kind.KASAN || e.details().oops() != null && e.details().oops().features().contains("KASAN");
        return switch (cause) {
            case NULL_POINTER_DEREFERENCE -> List.of(new NextStep(nullAdvice(e, in), null));
            case USE_AFTER_FREE, INVALID_FREE -> List.of(useAfterFree(e, in, kasanOn));
            case OUT_OF_BOUNDS, WILD_POINTER, NON_CANONICAL_POINTER, USER_ADDRESS_FROM_KERNEL -> List.of(new NextStep(
                    "Find where the bad pointer" + in + " was loaded from" + (kasanOn || sanitizer(e)
                    ? "; the report's own access and object lines say what was accessed, and where the object was "
                    + "allocated and freed" : "; reproduce on a kernel built with CONFIG_KASAN=y, which reports the first "
                    + "bad access with the allocation and free stacks"), null));
            case LIST_CORRUPTION -> List.of(e.kind() == Kind.LIST_CORRUPTION
                    ? new NextStep("CONFIG_DEBUG_LIST caught the bad list operation: its line says which pointer was wrong "
                    + "and what it held; find the other code that changes this list without its lock, or frees or reuses "
                    + "an entry still on it" + (poisoned(e) ? "" : " (slub_debug=FZPU also records the entry's allocation "
                    + "and free)"), null)
                    : new NextStep("Reproduce with CONFIG_DEBUG_LIST=y and slab debugging to catch the first bad list operation",
                    "add slub_debug=FZPU to the kernel command line"));
            case STACK_OVERFLOW, STACK_CORRUPTION -> List.of(new NextStep(
                    "Look for deep recursion or large local arrays in the trace; list the biggest stack frames",
                    "objdump -d " + Debug.of(e).vmlinux() + " | scripts/checkstack.pl " + e.arch().id() + " | head"));
            case DEADLOCK_OR_LOCKUP, LOCKING_BUG -> List.of(locking(e));
            case SLEEP_IN_ATOMIC -> List.of(new NextStep(
                    "Find the spinlock, RCU read section or disabled interrupts held" + in
                    + " and move the sleeping call out of it" + (e.kind() == Kind.ATOMIC_SLEEP ? "; the report's "
                    + "\"Preemption disabled at\" line, when printed, shows where the atomic section began"
                    : "; CONFIG_DEBUG_ATOMIC_SLEEP=y catches every case"), null));
            case PREEMPTION_UNSAFE -> List.of(new NextStep(
                    "Make the caller" + in + " use the CPU number and per-CPU data only while it cannot move: get_cpu()/put_cpu()"
                    + " or preempt_disable()/preempt_enable() around the use, or this_cpu_*() operations; raw_smp_processor_id()"
                    + " only where a stale CPU number does no harm", null));
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

    /** A sanitizer report carries the allocation and free stacks: no need to reproduce with another tool for them. */
    private static NextStep useAfterFree(Evidence e, String in, boolean kasanOn) {
        if (sanitizer(e)) {
            return new NextStep("Read the report's allocation and free stacks: find who frees the object while "
                    + (in.isEmpty() ? "the code" : in.substring(" in ".length())) + " still uses it, and which reference "
                    + "should have kept it alive", null);
        }
        if (poisoned(e)) {
            return new NextStep("Slab poisoning is already on (the poison in the registers shows it): boot with "
                    + "slub_debug=FZPU so that it records each object's allocation and free stacks too"
                    + (kasanOn ? "" : ", or reproduce on a kernel built with CONFIG_KASAN=y"),
                    "add slub_debug=FZPU to the kernel command line");
        }
        return new NextStep("Reproduce with slab debugging to get the allocation and free stacks of the object"
                + (kasanOn ? "" : " (or build with CONFIG_KASAN=y)"), "add slub_debug=FZPU to the kernel command line");
    }

    private static NextStep locking(Evidence e) {
        boolean lockdep = e.kind() == Kind.LOCKDEP || e.lines().stream()
                .anyMatch(l -> LOCKDEP_ON.matcher(l.text().stripLeading()).lookingAt());
        if (e.kind() == Kind.LOCKDEP) {
            return new NextStep("Make every path take these locks in one order: lockdep printed the new dependency and "
                    + "the chain it closes; break the cycle at the edge that is not needed", null);
        }
        if (e.kind() == Kind.SOFT_LOCKUP || e.kind() == Kind.HARD_LOCKUP) {
            return new NextStep("Find the loop or the lock spun on at the reported instruction pointer; while it hangs, "
                    + "the other CPUs' stacks show who holds the lock", "echo l > /proc/sysrq-trigger");
        }
        if (e.kind() == Kind.RCU_STALL && e.lines().stream().anyMatch(l -> l.text().contains("kthread starved for"))) {
            return new NextStep("Find what kept RCU's grace-period kthread off the CPU: a real-time or busy task on its "
                    + "CPU, a timer that did not fire, or, in a virtual machine, a host that did not run the vCPU (steal "
                    + "time); the stalled CPU's stack only shows where it was", null);
        }
        if (e.kind() == Kind.RCU_STALL) {
            return new NextStep("Find the loop on the stalled CPU that never reaches a quiescent state: a long loop "
                    + "without cond_resched(), with interrupts or preemption off, or a long RCU read-side section; the "
                    + "other CPUs' stacks show what it waits for", "echo l > /proc/sysrq-trigger");
        }
        return new NextStep("Dump all blocked tasks and held locks while it hangs" + (lockdep ? ""
                : ", and run a kernel with CONFIG_PROVE_LOCKING=y (lockdep)"),
                "echo w > /proc/sysrq-trigger; echo d > /proc/sysrq-trigger");
    }

    /** KASAN, KFENCE and KMSAN print the allocation (and free) stacks themselves. */
    private static boolean sanitizer(Evidence e) {
        return e.kind() == Kind.KASAN || e.kind() == Kind.KFENCE || e.kind() == Kind.KMSAN;
    }

    /** A register holds slab poison: slab poisoning (slub_debug with P) was on when it crashed. */
    private static boolean poisoned(Evidence e) {
        return e.generalRegisters().stream().anyMatch(r -> PoisonValues.identify(r.value())
                .filter(p -> p.description().startsWith("POISON_")).isPresent());
    }

    private static String nullAdvice(Evidence e, String in) {
        Long address = e.faultAddress();
        List<Register> holders = address == null ? List.of() : e.registersHolding(address);
        if (address != null && address != 0 && !holders.isEmpty()) {
            String who = holders.get(0).name();
            Optional<String> token = PointerTokens.name(address);
            if (token.isPresent()) {
                return String.format("Find why %s uses the pointer in %s as an object when it holds %s (0x%x): check for "
                        + "%s before dereferencing it", in.isEmpty() ? "the code" : in.substring(" in ".length()), who,
                        token.get(), address, token.get())
                        + (token.get().equals("SEQ_START_TOKEN") ? " (a seq_file show() gets it for the header line "
                        + "when start() returns it)" : "");
            }
            return String.format("Find where the pointer in %s%s got the value 0x%x: a small value used as a pointer (a "
                    + "flag, an index, an uninitialised field), or NULL plus an offset computed before the access", who, in,
                    address);
        }
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

    /** The letters alone: what each means is said where the report's taint is (its Consequences). */
    private static String letters(List<Taint> taints) {
        return String.join("", taints.stream().map(t -> String.valueOf(t.letter())).toList());
    }
}
