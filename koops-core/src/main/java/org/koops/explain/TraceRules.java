package org.koops.explain;

import static org.koops.explain.LineRule.fixed;
import static org.koops.explain.LineRule.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;

import org.koops.diagnose.PastTheEnd;
import org.koops.model.Frame;

/** The call trace: its heading, the stack-section markers and each frame. */
final class TraceRules {
    static final List<LineRule> RULES = List.of(
            fixed("^Call [Tt]race:", "Start of the call trace: the functions that led here, innermost (most recent) first; "
                    + "each was called by the reliable frame below it."),
            fixed("^Backtrace:", "Start of the call trace: the functions that led here, innermost first."),
            fixed("^</?TASK>$", "<TASK> ... </TASK> enclose the frames of the task's own kernel stack: process context."),
            fixed("^<IRQ>$", "Frames from the interrupt stack: the CPU was handling a hardware interrupt."),
            fixed("^</IRQ>$", "End of the interrupt stack; below are the frames of the code the interrupt arrived in."),
            fixed("^<NMI>$", "Frames from the NMI stack: a non-maskable interrupt (watchdog, perf, or a backtrace request)."),
            fixed("^</NMI>$", "End of the NMI stack; below is the code the NMI interrupted."),
            fixed("^<SOFTIRQ>$", "Frames from the softirq stack: deferred interrupt work (networking, timers, RCU, tasklets)."),
            fixed("^</SOFTIRQ>$", "End of the softirq stack."),
            fixed("^<EOI>$", "End of the interrupt stack (older kernels' marker); below is the interrupted code."),
            rule("^(?<q>\\? )?(?:\\[<(?<addr>[0-9a-f]{1,16}+)>\\] )?(?<q2>\\? )?" + Locations.LOCATION
                    + "(?: \\((?<mark>[CTPLU]?[FK]{0,2}+)\\))?\\s*+$", TraceRules::frame));

    /** arm64's marks after a frame (since Linux 6.14): where the unwinder took the address from. */
    private static final Map<Character, String> MARKS = Map.of(
            'C', "(C): the caller the stack dump started from",
            'T', "(T): the saved pc of a task that is not running: where it was switched out",
            'P', "(P): the pc at an exception boundary: the instruction that was executing when the exception or "
                    + "interrupt was taken",
            'L', "(L): the link register at an exception boundary: the function's caller at that moment, unless the "
                    + "function had already called another and so overwritten it; a possibly stale entry",
            'U', "(U): the unwinder could not tell where the address came from",
            'F', "F: the address was restored from the function-graph tracer's return stack",
            'K', "K: the address was restored from a kretprobe's trampoline");

    private TraceRules() {
    }

    private static List<String> frame(Matcher m, LineContext c) {
        boolean unreliable = m.group("q") != null || m.group("q2") != null;
        Frame primary = c.report().primaryFrame(c.number());
        String fn = m.group("fn");
        List<String> out = new ArrayList<>();
        if (unreliable) {
            out.add(unreliable(m, c));
        } else if (primary != null) {
            reliable(primary, c, out);
        } else if (c.report().heading(c.number()) != null) {
            out.add("Part of the stack under \"" + c.report().heading(c.number()) + "\", not the crash's own call trace.");
        }
        if (m.group("mark") != null) {
            for (char k : m.group("mark").toCharArray()) {
                out.add(MARKS.get(k) + ".");
            }
        }
        String role = FrameRoles.of(fn);
        if (role != null && (!unreliable || FrameRoles.isReportMachinery(role))) {
            // A leftover '?' entry's layer says nothing; the fault-handling ones show where the report came from.
            out.add(Character.toUpperCase(role.charAt(0)) + role.substring(1) + ".");
        }
        if (m.group("mod") != null) {
            out.add(Locations.moduleNote(m.group("mod"), c.report()));
        }
        return out;
    }

    private static String unreliable(Matcher m, LineContext c) {
        Frame ip = c.report().kernelIp().orElse(null);
        if (ip != null && m.group("fn").equals(ip.function()) && Objects.equals(ip.offset(), Hex.parse(m.group("off")))) {
            return "'?' but the same place as the instruction pointer: the faulting instruction's address, left on the "
                    + "stack by the exception.";
        }
        return "'?': unreliable: found on the stack but not proven part of the call chain; usually a leftover of an "
                + "earlier call.";
    }

    private static void reliable(Frame f, LineContext c, List<String> out) {
        Frame caller = c.report().caller(f);
        if (f.equals(c.report().firstReliable())) {
            Frame ip = c.report().kernelIp().orElse(null);
            if (ip == null) {
                out.add("The innermost reliable frame: where this task was when the report was printed.");
            } else if (ip.function().equals(f.function())) {
                out.add("The innermost reliable frame, the same function as the instruction pointer: where the fault or "
                        + "report happened.");
            } else {
                boolean listed = c.report().details().frames().stream()
                        .anyMatch(x -> !x.reliable() && ip.function().equals(x.function()));
                out.add("The innermost reliable frame: the nearest proven caller on the way to " + ip.function()
                        + ", the function at the instruction pointer, which " + (listed ? "appears above only as '?'."
                        : "is not listed."));
            }
        }
        List<Frame> frames = c.report().details().frames();
        if (PastTheEnd.isPastTheEnd(frames, f)) {
            out.add("Offset 0 below the first frame: a return address just past the end of the function placed before "
                    + f.function() + ", whose last instruction was a call that never returns; that function is not "
                    + f.function() + " and only the kernel's symbol table (System.map) names it.");
        }
        if (caller == null) {
            out.add("The outermost frame of this stack: where this chain of calls began.");
        } else if (PastTheEnd.isPastTheEnd(frames, caller)) {
            out.add("Called by the function placed just before " + caller.function() + " in the kernel image (see the next "
                    + "reliable frame below).");
        }
    }
}
