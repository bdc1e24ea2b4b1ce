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
    static final Pattern RISCV_REGS = Pattern.compile("status: [0-9a-f]{16} badaddr: [0-9a-f]{16} cause: [0-9a-f]{16}");

    /** Lines that start a stack trace (and end the one before). */
    static final List<Pattern> STACK_STARTS = List.of(
            Pattern.compile("Call [Tt]race"),
            Pattern.compile("Allocated:"),
            Pattern.compile("Allocated by task \\d++:"),
            Pattern.compile("Freed:"),
            Pattern.compile("Freed by task \\d++:"),
            // kmemleak's "backtrace:" (its crc too), but not lockdep's "stack backtrace:".
            Pattern.compile("[^k] backtrace(?: \\(crc \\p{XDigit}*+\\))?:"),
            Pattern.compile("Backtrace:"),
            Pattern.compile("Uninit was stored to memory at"),
            RISCV_REGS);

    /** Words one of which every {@link #STACK_STARTS} line holds: most lines are ruled out without a pattern. */
    private static final List<String> STACK_START_WORDS = List.of("race", "Allocated", "Freed", "acktrace",
            "Uninit was stored", "badaddr: ");

    /** Whether a line starts a stack trace: one of {@link #STACK_STARTS} is found in it. */
    static boolean startsStack(String line) {
        for (String w : STACK_START_WORDS) {
            if (line.contains(w)) {
                return STACK_STARTS.stream().anyMatch(p -> p.matcher(line).find());
            }
        }
        return false;
    }

    /** Whether a line is a fault injection's frame ({@link #CORRUPTING}). */
    static boolean corrupting(String line) {
        return line.contains("should_fail") && CORRUPTING.stream().anyMatch(p -> p.matcher(line).find());
    }

    /**
     * A stack frame line: x86/arm64 {@code  [<addr>] func+0x1/0x2} (powerpc's {@code [sp] [addr] func+0x1/0x2},
     * ppc64 ELFv1's dot before the name left out), or arm's {@code [<pc>] (a) from [<lr>] (b+0x..)} and, since
     * Linux 5.17, {@code  a from b+0x..}: both functions of arm's line are candidates, the callee first.
     */
    static final List<Pattern> FRAME_LINES = List.of(
            PatternLibrary.compile("^ *+(?:{{PC}} ){0,2}\\.?{{FN}}"),
            PatternLibrary.compile("^ *+{{PC}} \\(([a-zA-Z0-9_.]++)\\) from {{PC}} \\({{FN}}"),
            PatternLibrary.compile("^ *+([a-zA-Z0-9_.]++)(?: \\[[a-zA-Z0-9_\\-]++\\])? from {{FN}}"));

    /** Fault injection prints its own stack, often into the middle of a report: such a report is not whole. */
    static final List<Pattern> CORRUPTING = List.of(
            Pattern.compile("^(?: \\[<?(?:0x)?[0-9a-f]++>?\\])? should_fail(?:slab)?(?:\\.[a-z0-9.]++)?\\+0x"));

    /** The heading of a call trace. */
    static final Pattern CALL_TRACE = Pattern.compile("Call [Tt]race:|Backtrace:");

    /**
     * The instruction pointer line: symbolic, a user-space address, or NULL. Besides x86's RIP/IP, powerpc's
     * NIP (its ELFv1 dot left out), arm's pc and RISC-V's epc, the other architectures' names for it:
     * 32-bit x86's {@code EIP is at}, MIPS's {@code epc   : 80123456 func+0x10/0x20}, s390's
     * {@code Krnl PSW : mask addr (func+0x3a/0x1000)}, LoongArch's {@code ERA: 9000000000abcdef func+0x24/0x80}.
     */
    static final Pattern IP = PatternLibrary.compile("(?:(?:IP|NIP|pc |PC is at):? (?:(?:\\d++:)?(?:{{PC}} ++){0,2}\\.?{{FN}}"
            + "|(?:\\d++:)?0x[0-9a-f]++|(?:\\d++:)?{{PC}} ++\\[< *+\\(null\\)>\\] ++\\(null\\)|\\d++: ++\\(null\\))"
            + "|EIP is at {{FN}}|epc {2,4}+: [0-9a-f]{8,16}+ (?:{{FN}}|0x[0-9a-f]++)|Krnl PSW : [0-9a-f]{16} [0-9a-f]{16} \\({{FN}}"
            + "|ERA: [0-9a-f]{16} {{FN}})");

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
