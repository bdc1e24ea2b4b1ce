package org.koops.format;

import java.util.List;
import java.util.regex.Pattern;

/**
 * How a title's function is read from a report's text, the way syzkaller's dashboard names bugs:
 * which lines start a stack trace, which lines are frames, and which name prefixes are dropped. Which
 * functions never name a bug is the question {@link FrameFamilies} answers for titles and culprits alike.
 */
final class TitleFrames {
    /** The frame families titles pass over ({@link FrameFamilies}), as one alternation searched in a frame name. */
    static final String SKIP = FrameFamilies.titleSkip();

    /** The last line of a RISC-V register dump, after which the stack follows without a heading. */
    static final GuardedPattern RISCV_REGS = GuardedPattern.containing(
            "status: [0-9a-f]{16} badaddr: [0-9a-f]{16} cause: [0-9a-f]{16}", " badaddr: ");

    /** Lines that start a stack trace (and end the one before). */
    static final List<GuardedPattern> STACK_STARTS = List.of(
            GuardedPattern.containing("Call [Tt]race", "Call Trace", "Call trace"),
            GuardedPattern.containing("Allocated:", "Allocated:"),
            GuardedPattern.containing("Allocated by task \\d++:", "Allocated by task "),
            GuardedPattern.containing("Freed:", "Freed:"),
            GuardedPattern.containing("Freed by task \\d++:", "Freed by task "),
            // kmemleak's "backtrace:" (its crc too), but not lockdep's "stack backtrace:".
            GuardedPattern.containing("[^k] backtrace(?: \\(crc \\p{XDigit}*+\\))?:", " backtrace"),
            GuardedPattern.containing("Backtrace:", "Backtrace:"),
            GuardedPattern.containing("Uninit was stored to memory at", "Uninit was stored to memory at"),
            RISCV_REGS);

    /** Whether a line starts a stack trace: one of {@link #STACK_STARTS} is found in it. */
    static boolean startsStack(String line) {
        for (GuardedPattern p : STACK_STARTS) {
            if (p.isFound(line)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a line is a fault injection's frame ({@link #CORRUPTING}). */
    static boolean corrupting(String line) {
        return CORRUPTING.isFound(line);
    }

    /**
     * A stack frame line: x86/arm64 {@code  [<addr>] func+0x1/0x2} (powerpc's {@code [sp] [addr] func+0x1/0x2},
     * ppc64 ELFv1's dot before the name left out), or arm's {@code [<pc>] (a) from [<lr>] (b+0x..)} and, since
     * Linux 5.17, {@code  a from b+0x..}: both functions of arm's line are candidates, the callee first.
     */
    static final List<GuardedPattern> FRAME_LINES = List.of(
            // {{FN}} ends with the + of an offset or the . of a clone's suffix.
            GuardedPattern.containing(PatternLibrary.compile("^ *+(?:{{PC}} ){0,2}\\.?{{FN}}"), "+", "."),
            GuardedPattern.containing(PatternLibrary.compile("^ *+{{PC}} \\(([a-zA-Z0-9_.]++)\\) from {{PC}} \\({{FN}}"), ") from "),
            GuardedPattern.containing(PatternLibrary.compile("^ *+([a-zA-Z0-9_.]++)(?: \\[[a-zA-Z0-9_\\-]++\\])? from {{FN}}"),
                    " from "));

    /** Fault injection prints its own stack, often into the middle of a report: such a report is not whole. */
    static final GuardedPattern CORRUPTING = GuardedPattern.containing(
            "^(?: \\[<?(?:0x)?[0-9a-f]++>?\\])? should_fail(?:slab)?(?:\\.[a-z0-9.]++)?\\+0x", "should_fail");

    /** The heading of a call trace. */
    static final GuardedPattern CALL_TRACE = GuardedPattern.containing("Call [Tt]race:|Backtrace:", "Call Trace:",
            "Call trace:", "Backtrace:");

    /** What every match of {@link #IP} holds: {@code IP} is in NIP and EIP, {@code pc } in MIPS's {@code epc   :}. */
    static final String[] IP_LITERALS = {"IP", "pc ", "PC is at", "Krnl PSW : ", "ERA: "};

    /**
     * The instruction pointer line: symbolic, a user-space address, or NULL. Besides x86's RIP/IP, powerpc's
     * NIP (its ELFv1 dot left out), arm's pc and RISC-V's epc, the other architectures' names for it:
     * 32-bit x86's {@code EIP is at}, MIPS's {@code epc   : 80123456 func+0x10/0x20}, s390's
     * {@code Krnl PSW : mask addr (func+0x3a/0x1000)}, LoongArch's {@code ERA: 9000000000abcdef func+0x24/0x80}.
     */
    static final GuardedPattern IP = GuardedPattern.containing(PatternLibrary.compile("(?:(?:IP|NIP|pc |PC is at):? (?:(?:\\d++:)?(?:{{PC}} ++){0,2}\\.?{{FN}}"
            + "|(?:\\d++:)?0x[0-9a-f]++|(?:\\d++:)?{{PC}} ++\\[< *+\\(null\\)>\\] ++\\(null\\)|\\d++: ++\\(null\\))"
            + "|EIP is at {{FN}}|epc {2,4}+: [0-9a-f]{8,16}+ (?:{{FN}}|0x[0-9a-f]++)|Krnl PSW : [0-9a-f]{16} [0-9a-f]{16} \\({{FN}}"
            + "|ERA: [0-9a-f]{16} {{FN}})"), IP_LITERALS);

    /** System call wrappers whose prefix differs by architecture and kernel version; the rest names the call. */
    static final List<String> STRIP_PREFIXES = List.of("SYSC_", "SyS_", "sys_", "__x64_", "__ia32_", "__arm64_",
            "____sys_", "___sys_", "__sys_", "__se_", "__se_sys_", "__do_sys_", "compat_SYSC_", "compat_SyS_", "ksys_");

    private TitleFrames() {
    }

    /** The frame without its system-call wrapper prefix: the shortest name any one prefix leaves. */
    static String strip(String frame) {
        String best = frame;
        for (String prefix : STRIP_PREFIXES) {
            if (frame.startsWith(prefix) && frame.length() - prefix.length() < best.length()) {
                best = frame.substring(prefix.length());
            }
        }
        return best;
    }
}
