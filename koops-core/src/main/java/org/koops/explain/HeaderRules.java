package org.koops.explain;

import static org.koops.explain.LineRule.fixed;
import static org.koops.explain.LineRule.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * The first line of a fault report: NULL dereference, paging request, general protection fault,
 * kernel BUG, the x86 traps, stack overflow, and the WARN and cut-here lines.
 */
final class HeaderRules {
    static final List<LineRule> RULES = List.of(
            rule("^(?:BUG: kernel NULL pointer dereference, address: |BUG: unable to handle kernel NULL pointer dereference at "
                    + "|Unable to handle kernel NULL pointer dereference at virtual address )(?<addr>{{ADDR}})", HeaderRules::nullDeref),
            rule("^(?:BUG: unable to handle (?:page fault for address: |kernel paging request at )"
                    + "|Unable to handle kernel (?<what>paging request|data access|execute from non-executable memory"
                    + "|write to read-only memory|access to user memory) at (?:virtual address )?)(?<addr>{{ADDR}})", HeaderRules::paging),
            rule("^(?:Oops: )?general protection fault(?:, (?<how>probably for non-canonical address|maybe for address) "
                    + "(?<addr>{{ADDR}}))?", HeaderRules::gpf),
            rule("^kernel BUG at (?<src>{{SRC}})!", (m, c) -> List.of("A BUG_ON() or BUG() assertion failed at "
                    + source(m.group("src")) + ": the code found a state it declares impossible and stopped. "
                    + "The task is killed; the kernel may be unstable from here on.")),
            rule("^(?:Oops: )?invalid opcode: ", HeaderRules::invalidOpcode),
            rule("^(?:Oops: )?divide error: ", (m, c) -> OopsWords.after(c, "Divide error (#DE): an integer division by zero, or a "
                    + "quotient too large for its register (e.g. INT_MIN / -1), in kernel code.")),
            rule("^(?:Oops: )?stack segment: ", (m, c) -> OopsWords.after(c, "Stack-segment fault (#SS): a memory access through "
                    + "RSP or RBP used a non-canonical address; usually a corrupted frame pointer used as a pointer.")),
            rule("^PANIC: double fault, error_code: (?<code>{{HEX}})", (m, c) -> List.of("Double fault (#DF): an exception "
                    + "occurred while the CPU was delivering another. In the kernel this is nearly always a kernel stack "
                    + "overflow: the page-fault handler itself faulted on the full stack.")),
            rule("^BUG: stack guard page was hit at (?<addr>{{ADDR}})", (m, c) -> List.of("Kernel stack overflow: the task "
                    + "ran past the end of its kernel stack into the unmapped guard page (VMAP_STACK) at 0x" + m.group("addr")
                    + ". Look for deep recursion or a large on-stack buffer in the trace.")),
            fixed("^Insufficient stack space to handle exception!", "Kernel stack overflow on arm64: not enough stack "
                    + "was left to even handle the exception."),
            rule("^kernel stack overflow \\((?<how>[^)]++)\\)", (m, c) -> List.of("Kernel stack overflow, detected by the "
                    + m.group("how") + " handler on the guard page below the stack.")),
            rule("^WARNING: (?:CPU: (?<cpu>\\d++) PID: (?<pid>\\d++) )?at (?<src>{{SRC}})"
                    + "(?: (?<fn>\\S++(?: \\[[\\w\\-]++\\])?+))?", HeaderRules::warning),
            fixed("^-{12}\\[ cut here \\]-{12}", "Start of a WARN() or BUG() report; everything down to \"---[ end trace ]---\" "
                    + "belongs to it."));

    private HeaderRules() {
    }

    private static String source(String src) {
        int colon = src.lastIndexOf(':');
        return src.substring(0, colon) + " line " + src.substring(colon + 1);
    }

    private static List<String> nullDeref(Matcher m, LineContext c) {
        long addr = Hex.parse(m.group("addr"));
        String what = addr == 0 ? "address 0: the NULL pointer itself was used (or called, if the access was an "
                + "instruction fetch)" : Addresses.describe(addr, c.report());
        return List.of("The kernel faulted on an address in the never-mapped first page, which it reports as a NULL pointer "
                + "dereference: " + what + ".");
    }

    private static List<String> paging(Matcher m, LineContext c) {
        long addr = Hex.parse(m.group("addr"));
        String what = m.group("what") == null ? "paging request" : m.group("what");
        String first = switch (what) {
            case "execute from non-executable memory" -> "The kernel tried to execute code in a page that is not "
                    + "executable: a call through a bad function pointer, or a jump into data.";
            case "write to read-only memory" -> "The kernel wrote to a read-only page: a stray pointer, or a write to "
                    + "constant data or code.";
            case "access to user memory" -> "The kernel touched user memory directly, outside the uaccess helpers, and "
                    + "PAN stopped it.";
            default -> "The kernel accessed an address that has no valid mapping for that access, and faulted.";
        };
        return List.of(first.substring(0, first.length() - 1) + "; the address is " + Addresses.describe(addr, c.report())
                + ".");
    }

    private static List<String> gpf(Matcher m, LineContext c) {
        List<String> out = new ArrayList<>();
        out.add("General protection fault (#GP): the CPU refused the access outright, without a page fault, so CR2 "
                + "and the #PF lines do not apply.");
        if (m.group("addr") != null) {
            long addr = Hex.parse(m.group("addr"));
            out.add("Decoding the faulting instruction, the kernel found the address it used: "
                    + Addresses.describe(addr, c.report()) + ".");
        } else {
            out.add("Common causes: a non-canonical (corrupted) pointer, or a privileged instruction or MSR access "
                    + "that is not allowed.");
        }
        out.addAll(OopsWords.explain(c.text(), c.report()));
        return out;
    }

    private static List<String> invalidOpcode(Matcher m, LineContext c) {
        boolean bug = c.report().details().message().startsWith("kernel BUG at");
        return OopsWords.after(c, "Invalid opcode (#UD): the CPU hit an undefined instruction. In kernel code that is nearly "
                + "always ud2, which BUG() compiles to" + (bug ? ": here the BUG() reported above." : "; otherwise "
                + "execution jumped into data or corrupted code."));
    }

    private static List<String> warning(Matcher m, LineContext c) {
        List<String> out = new ArrayList<>();
        String fn = m.group("fn");
        String where = fn == null ? "" : " in " + (fn.endsWith("()") ? fn : fn.replaceFirst("\\+0x.*", "") + "()");
        out.add("A WARN_ON() or WARN() fired at " + source(m.group("src")) + where + ": the code detected a condition "
                + "its authors consider a bug. The kernel printed this report and continues (unless panic_on_warn is set).");
        if (m.group("cpu") != null && c.report().details().task() == null) {
            out.add("On CPU " + m.group("cpu") + (m.group("pid") == null ? "" : ", in PID " + m.group("pid")) + ".");
        }
        String module = fn == null ? null : Locations.module(fn);
        if (module != null) {
            out.add(Locations.moduleNote(module, c.report()));
        }
        return out;
    }
}
