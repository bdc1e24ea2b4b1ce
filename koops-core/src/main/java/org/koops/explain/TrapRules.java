package org.koops.explain;

import static org.koops.explain.LineRule.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

import org.koops.decode.Arm64Esr;

/**
 * Traps the kernel could not handle: unaligned accesses it cannot fix up (MIPS, sparc64, RISC-V), exceptions
 * without a handler (arm and arm64's bad mode), and x86 breakpoints nobody claimed.
 */
final class TrapRules {
    private static final String UNALIGNED = "The kernel cannot fix up this access: the pointer is not a multiple of the "
            + "access size. Either a field of a packed structure or of a network or disk buffer was read directly "
            + "(instead of with get_unaligned()), or the pointer itself is corrupted.";

    static final List<LineRule> RULES = List.of(
            rule("^Unhandled kernel unaligned access", (m, c) -> OopsWords.after(c, "An unaligned load or store in kernel code "
                    + "on MIPS. " + UNALIGNED + " BadVA is the address.")),
            rule("^Kernel unaligned access at TPC\\[[0-9a-f]++\\] {{FUNC}}", (m, c) -> List.of("An unaligned access in "
                    + m.group("frame") + "() on sparc64. " + UNALIGNED)),
            rule("^Oops - (?<what>load|store \\(or AMO\\)|instruction) address misaligned", (m, c) -> OopsWords.after(c, "A "
                    + m.group("what").replace(" (or AMO)", "") + " at a misaligned address on RISC-V, which the kernel "
                    + "did not emulate. " + UNALIGNED)),
            rule("^Bad mode in (?<handler>.+?) handler detected(?: on CPU(?<cpu>\\d++))?(?:, code 0x(?<esr>[0-9a-f]{1,16}+)"
                    + "(?: -- (?<class>.*))?)?", TrapRules::badMode),
            rule("^Unhandled (?<what>[\\w\\- ]+?) exception on CPU(?<cpu>\\d++), ESR 0x(?<esr>[0-9a-f]{1,16}+)", TrapRules::unhandled),
            rule("^(?:Oops: )?int3: ", (m, c) -> OopsWords.after(c, "A breakpoint (int3, the byte 0xcc) was executed in kernel "
                    + "code and nothing claimed it: kprobes, ftrace, static keys and live patching put int3 into code while "
                    + "they change it, so a patch that went wrong or a jump into the int3 padding between functions lands here. "
                    + "RIP is just after the breakpoint.")));

    private TrapRules() {
    }

    private static List<String> badMode(Matcher m, LineContext c) {
        List<String> out = new ArrayList<>();
        String handler = m.group("handler");
        out.add((m.group("cpu") == null ? "The CPU" : "CPU " + m.group("cpu")) + " took an exception the kernel has no "
                + "handler for (" + handler + "): it cannot go on, so the kernel dies.");
        if (handler.equals("Error") || "SError".equals(m.group("class"))) {
            out.add("An SError is an asynchronous external abort: the memory system reported a failed access (a device "
                    + "register read while its clock or power is off, a bus error, an ECC error), usually some time after "
                    + "the instruction that caused it. The pc below is where the CPU happened to be, not the culprit: look "
                    + "at hardware, firmware and the drivers that touched devices just before.");
        }
        if (m.group("esr") != null) {
            out.add(esr(m.group("esr")));
        }
        return out;
    }

    private static List<String> unhandled(Matcher m, LineContext c) {
        return List.of("CPU " + m.group("cpu") + " took a " + m.group("what") + " exception no handler expects, so the "
                + "kernel panics.", esr(m.group("esr")));
    }

    private static String esr(String hex) {
        long esr = Hex.parse(hex);
        return "ESR 0x" + hex + ": " + Arm64Esr.exceptionClass(esr) + " (" + Arm64Esr.decode(esr).get(0).meaning() + ").";
    }
}
