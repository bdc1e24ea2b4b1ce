package org.koops.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.decode.X86Syscalls;
import org.koops.format.FrameFamilies;
import org.koops.model.Arch;
import org.koops.model.Claim;
import org.koops.model.Frame;
import org.koops.model.Kind;
import org.koops.model.Register;
import org.koops.model.Task;

/** How execution reached the crash: the process, the system call, the kernel layers, the context. */
final class ExecutionContext {
    private static final Pattern SYSCALL_WRAPPER = Pattern.compile("^(?:__x64_sys_|__ia32_sys_|__arm64_sys_|__se_sys_|__do_sys_|ksys_)(\\w+)$");
    private static final Pattern WORKQUEUE = Pattern.compile("^Workqueue: (\\S++) (\\S++)");

    record Result(List<Claim> claims, List<String> callChain, String syscall) {
    }

    private ExecutionContext() {
    }

    static Result of(Evidence e) {
        List<Claim> claims = new ArrayList<>();
        Task task = e.details().task();
        String syscall = syscall(e);
        if (task != null && task.named()) {
            claims.add(Claim.of(process(task, e) + (syscall == null ? "" : ", in " + Articles.with(syscall) + "() system call"), task.line()));
        } else if (syscall != null) {
            claims.add(Claim.of("The crash happened in " + Articles.with(syscall) + "() system call.", e.headerLine()));
        }
        e.find(WORKQUEUE).ifPresent(l -> {
            Matcher m = WORKQUEUE.matcher(l.text().stripLeading());
            m.lookingAt();
            claims.add(Claim.of("It ran a work item (" + m.group(2) + ") of the " + m.group(1)
                    + " workqueue in a kernel worker thread, not on behalf of a user process.", l.number()));
        });
        interruptContext(e).ifPresent(claims::add);
        List<String> chain = callChain(e);
        List<String> layers = layers(e);
        if (layers.size() > 1) {
            claims.add(new Claim("Path through the kernel: " + String.join(" → ", layers) + ".",
                    e.reliableFrames().stream().map(Frame::line).distinct().toList()));
        }
        return new Result(claims, chain, syscall);
    }

    private static String process(Task task, Evidence e) {
        String comm = task.comm();
        String who;
        if (comm.startsWith("kworker/")) {
            who = "kernel worker thread " + comm;
        } else if (comm.startsWith("swapper") && task.pid() == 1) {
            who = "the boot thread that becomes init (" + comm + ")";
        } else if (comm.startsWith("swapper")) {
            who = "the idle task of the CPU (" + comm + ")";
        } else if (comm.startsWith("ksoftirqd/") || comm.startsWith("kthreadd") || comm.startsWith("migration/")
                || comm.startsWith("rcu_")) {
            who = "kernel thread " + comm;
        } else {
            who = "process " + comm;
        }
        return String.format("It happened in %s (PID %d)", who, task.pid())
                + (task.cpu() == null ? "" : " on CPU " + task.cpu());
    }

    /** The system call, from the user-space ORIG_RAX register or the syscall wrapper in the trace. */
    private static String syscall(Evidence e) {
        if (e.arch() == Arch.X86_64) {
            Optional<String> fromRegister = e.details().userRegisters().flatMap(d -> d.value("ORIG_RAX"))
                    .flatMap(nr -> X86Syscalls.name((int) (long) nr));
            if (fromRegister.isPresent()) {
                return fromRegister.get();
            }
        }
        for (Frame f : e.reliableFrames()) {
            Matcher m = SYSCALL_WRAPPER.matcher(FrameFamilies.baseName(f.function()));
            if (m.matches()) {
                return m.group(1);
            }
        }
        return null;
    }

    /**
     * The context the code at fault ran in. In a stall report the interrupt part of the trace is the watchdog's or
     * RCU's timer interrupt printing the report; only the frames below the registers it saved are the stalled code's.
     * Only an oops kills a task, so only an oops's context is said to leave no task to kill.
     */
    private static Optional<Claim> interruptContext(Evidence e) {
        boolean stall = switch (e.kind()) {
            case RCU_STALL, SOFT_LOCKUP, HARD_LOCKUP, HUNG_TASK -> true;
            default -> false;
        };
        long after = -1;
        if (stall) {
            List<Frame> reliable = e.reliableFrames();
            Long saved = e.details().kernelRegisters().map(d -> d.line())
                    .filter(l -> !reliable.isEmpty() && reliable.get(0).line() < l).orElse(null);
            if (saved == null) {
                return Optional.empty();
            }
            after = saved;
        }
        for (Frame f : e.details().frames()) {
            if (f.reliable() && f.line() > after && f.context() != null && !f.context().equals("TASK")) {
                String what = f.context().equals("NMI") ? "a non-maskable interrupt" : "an interrupt or exception handler";
                if (stall) {
                    return Optional.of(Claim.of("The stalled code ran in " + f.context() + " context (" + (f.context()
                            .equals("IRQ") ? "an interrupt handler, or softirq work run on the interrupt stack" : what)
                            + "): no task ran on that CPU until it returned.", f.line()));
                }
                boolean oops = e.details().oops() != null || e.kind() == Kind.KERNEL_BUG;
                return Optional.of(Claim.of((oops ? "The faulting code" : "The code that raised the report") + " ran in "
                        + f.context() + " context (" + what + ")"
                        + (oops ? ", where the kernel cannot just kill the task." : "."), f.line()));
            }
        }
        return Optional.empty();
    }

    /** Reliable frames from the outermost caller to the faulting function. */
    private static List<String> callChain(Evidence e) {
        List<String> chain = new ArrayList<>();
        List<Frame> frames = e.reliableFrames();
        for (int i = frames.size() - 1; i >= 0; i--) {
            Frame f = frames.get(i);
            if (isReportMachinery(f.function())) {
                continue;
            }
            chain.add(f.module() == null ? f.function() : f.function() + " [" + f.module() + "]");
        }
        Frame ip = e.instructionPointer().map(Register::symbol).orElse(null);
        if (ip != null && ip.function() != null) {
            String last = ip.module() == null ? ip.function() : ip.function() + " [" + ip.module() + "]";
            if (chain.isEmpty() || !chain.get(chain.size() - 1).equals(last)) {
                chain.add(last);
            }
        }
        return chain;
    }

    /** Code that printed the report or handled its trap: no step of the path that led to the crash. */
    private static boolean isReportMachinery(String function) {
        FrameFamilies.Family family = FrameFamilies.of(function);
        return family != null && (family.role() == FrameFamilies.Role.REPORTING || family.role() == FrameFamilies.Role.TRAP);
    }

    /** The layers the call chain passes through, outermost first, repeats in a row merged. */
    private static List<String> layers(Evidence e) {
        List<String> out = new ArrayList<>();
        List<Frame> frames = new ArrayList<>(e.reliableFrames());
        java.util.Collections.reverse(frames);
        e.instructionPointer().map(Register::symbol).filter(f -> f.function() != null).ifPresent(frames::add);
        for (Frame f : frames) {
            String layer = KernelLayers.of(f.function(), f.module());
            if (layer != null && (out.isEmpty() || !out.get(out.size() - 1).equals(layer))) {
                out.add(layer);
            }
        }
        return out;
    }
}
