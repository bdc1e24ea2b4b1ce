package org.koops.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.format.GuardedPattern;
import org.koops.model.Damage;
import org.koops.model.Frame;

/**
 * Reads call traces in the layouts kernels have used: {@code  ? func+0x1/0x2 [mod]} (x86 since 4.x),
 * {@code  [<ffffffff81234567>] func+0x1/0x2} (older x86, arm64, MIPS, RISC-V, LoongArch), {@code  func+0x1/0x2
 * [mod buildid]} (with CONFIG_STACKTRACE_BUILD_ID), the {@code <IRQ>}/{@code <TASK>}/{@code <NMI>} section
 * markers, and the layouts of their own that other architectures print:
 * <ul>
 * <li>32-bit arm's unwinder, a line per call: {@code [<c0333330>] (shmem_getpage_gfp) from [<c031c7a0>]
 * (generic_perform_write+0xa8/0x1c0)}, and since Linux 5.17 (without CONFIG_BACKTRACE_VERBOSE)
 * {@code  dump_backtrace from show_stack+0x20/0x24}. The function on the left was called from the
 * return address on the right, which the next line shows on its left again: the frames are the first
 * line's left and every line's right. The registers the unwinder saved ({@code  r7:c2a3c90c r6:...})
 * and the {@code Exception stack(...)} dumps between the lines belong to the trace.</li>
 * <li>powerpc: {@code [c000000010f930b0] [c000000008068df8] .func+0x278/0x390 (unreliable)}: the stack
 * pointer, then the return address; {@code (unreliable)} marks an entry found on the stack, and the
 * leading dot of ppc64 ELFv1 symbols names the function's code (the function is the name without it).
 * {@code --- interrupt: 700 at func+0x40/0x60} gives the interrupted instruction.</li>
 * <li>s390: {@code  ([<000003ff8086d036>] func+0x36/0x1000 [mod])}, in parentheses when the return
 * address was only found in a register and may be stale.</li>
 * </ul>
 */
final class TraceParser {
    /** {@code func+0x1/0x2 [mod]}; before 2.6.29, x86 named the module first: {@code :radeon:func+0x90/0x302}. */
    private static final String LOCATION_TEXT = "(?::(?<pmod>[A-Za-z0-9_\\-]++):)?(?<fn>[A-Za-z_.$][A-Za-z0-9_.$]*+)"
            + "\\+0x(?<off>[0-9a-f]{1,16}+)(?:/0x(?<size>[0-9a-f]{1,16}+))?(?: \\[(?<mod>[A-Za-z0-9_\\-]++)(?: (?<bid>[0-9a-f]{8,64}+))?\\])?";
    private static final GuardedPattern LOCATION = GuardedPattern.containing("^" + LOCATION_TEXT, "+0x");
    private static final LocationGroups LOCATION_GROUPS = LocationGroups.of(LOCATION.pattern());
    /** A ppc64 ELFv1 code symbol: a dot before a function's name. */
    private static final GuardedPattern DOT_SYMBOL = GuardedPattern.starting("^\\.(?=[A-Za-z_])", ".");
    private static final Pattern ADDRESS_ONLY = Pattern.compile("^(?:0x)?(?<addr>[0-9a-f]{1,16}+)$");
    /** A frame line, its location read in the same pass: what follows it ({@code rest}) may give a source line. */
    private static final GuardedPattern FRAME = GuardedPattern.containing(
            "^\\s*(?<q1>\\? )?(?<paren>\\()?(?:\\[<(?<addr>[0-9a-f]{1,16}+)>\\] )?(?:\\(\\[<[0-9a-f]++>\\] )?(?<q2>\\? )?"
            + LOCATION_TEXT + "(?<rest>.*)$", "+0x");
    private static final LocationGroups FRAME_GROUPS = LocationGroups.of(FRAME.pattern());
    private static final int FRAME_Q1 = GroupNumbers.of(FRAME.pattern(), "q1");
    private static final int FRAME_PAREN = GroupNumbers.of(FRAME.pattern(), "paren");
    private static final int FRAME_ADDR = GroupNumbers.of(FRAME.pattern(), "addr");
    private static final int FRAME_Q2 = GroupNumbers.of(FRAME.pattern(), "q2");
    private static final int FRAME_REST = GroupNumbers.of(FRAME.pattern(), "rest");
    /** 32-bit arm: {@code [<c0333330>] (shmem_getpage_gfp) from [<c031c7a0>] (generic_perform_write+0xa8/0x1c0)}. */
    private static final GuardedPattern ARM_FROM = GuardedPattern.starting(
            "^\\s*\\[<(?<where>[0-9a-f]{1,16}+)>\\] \\((?<fn>[^()]++)\\) from \\[<(?<from>[0-9a-f]{1,16}+)>\\] \\((?<caller>[^()]++)\\)", "[<");
    /** 32-bit arm since Linux 5.17: {@code  dump_backtrace from show_stack+0x20/0x24}. */
    private static final GuardedPattern ARM_FROM_SHORT = GuardedPattern.containing(
            "^\\s*(?<fn>[A-Za-z_.$][A-Za-z0-9_.$]*+(?: \\[[A-Za-z0-9_\\-]++\\])?) from (?<caller>[A-Za-z_.$][A-Za-z0-9_.$]*+\\+0x[0-9a-f]++.*)$", " from ");
    /** Registers 32-bit arm's unwinder saved, printed between its lines: {@code  r7:00000001 r6:00000080}. */
    private static final GuardedPattern ARM_SAVED_REGISTERS = GuardedPattern.starting("^\\s*(?:r\\d{1,2}:[0-9a-f]{8}\\s*+)++$", "r");
    /** 32-bit arm's {@code Exception stack(0xc6c0ffb0 to 0xc6c0fff8)} and its rows {@code ffa0: 00000000 ...}. */
    private static final GuardedPattern EXCEPTION_STACK = GuardedPattern.starting(
            "^\\s*Exception stack\\(0x[0-9a-f]++ to 0x[0-9a-f]++\\)", "Exception stack(");
    private static final Pattern EXCEPTION_STACK_ROW = Pattern.compile("^\\s*[0-9a-f]{4}:(?: {9}+| [0-9a-f]{8})++\\s*+$");
    /** powerpc: {@code [c000000010f930b0] [c000000008068df8] .func+0x278/0x390 (unreliable)}. */
    private static final GuardedPattern POWERPC_FRAME = GuardedPattern.starting(
            "^\\s*\\[[0-9a-f]{8,16}+\\] \\[(?<ret>[0-9a-f]{8,16}+)\\] (?<loc>\\S.*)$", "[");
    /** powerpc's interrupted instruction in a trace: {@code --- interrupt: 700 at func+0x40/0x60}, then {@code     LR = ...}. */
    private static final GuardedPattern POWERPC_INTERRUPT = GuardedPattern.starting(
            "^\\s*--- interrupt: [0-9a-f]{1,4}+ at (?<loc>\\S.*)$", "--- interrupt: ");
    private static final GuardedPattern POWERPC_INTERRUPT_LR = GuardedPattern.starting("^\\s*LR = \\S", "LR = ");
    /** A function named without offset, as arm's unwinder prints the callee: {@code shmem_getpage_gfp}, {@code f [mod]}. */
    private static final Pattern BARE_FUNCTION = Pattern.compile("([A-Za-z_.$][A-Za-z0-9_.$]*+)(?: \\[([A-Za-z0-9_\\-]++)\\])?");
    /** A frame already decoded by decode_stacktrace.sh: {@code func (fs/file.c:123 (discriminator 4))}. */
    private static final GuardedPattern DECODED = GuardedPattern.containing(
            "^\\s*(?<q>\\? )?(?<fn>[A-Za-z_][A-Za-z0-9_.$]*+)(?:\\+0x(?<off>[0-9a-f]{1,16}+)(?:/0x(?<size>[0-9a-f]{1,16}+))?)? \\((?<src>[A-Za-z0-9_./\\-]++:\\d++)[^)]*+\\)*+(?: \\[(?<mod>[A-Za-z0-9_\\-]++)\\])?\\s*$", " (");
    /** A frame cut short by a terminal or a copy: {@code vfs_write+0xc7/0x4...}, {@code write_sysrq_trigger}. */
    private static final Pattern CUT = Pattern.compile(
            "^\\s*(?<q>\\? )?(?<fn>[A-Za-z_][A-Za-z0-9_.$]*+)(?:\\+0x[0-9a-f]*+(?:/0x[0-9a-f]*+)?)?(?:\\.\\.\\.)?\\s*$");
    /** A section marker; old kernels print the section's first frame on the same line ({@code  <IRQ>  [<...>] dump_stack+0x19/0x1b}). */
    private static final GuardedPattern SECTION = GuardedPattern.starting(
            "^\\s*<(/?)(TASK|IRQ|NMI|SOFTIRQ|EOI)>(?:\\s*+$|(?<frame> ++\\S.*+))", "<");
    private static final GuardedPattern START = GuardedPattern.starting("^\\s*(?:Call [Tt]race:|Backtrace:|Call trace:)",
            "Call Trace:", "Call trace:", "Backtrace:");

    private final List<Frame> frames = new ArrayList<>();
    private final List<Damage> damage;
    /** The report's matchers of {@link #FRAME} and {@link #CUT}, reset for each line rather than one made per line. */
    private final Matcher frame = FRAME.matcher();
    private final Matcher cut = CUT.matcher("");
    private String section;
    /** Inside arm's {@code Exception stack(...)} dump, whose rows belong to the trace. */
    private boolean exceptionStack;
    private boolean started;
    private boolean finished;

    TraceParser(List<Damage> damage) {
        this.damage = damage;
    }

    static boolean isStart(String text) {
        return START.isLookingAt(text);
    }

    /** A source location printed after a frame by a symbolising tool: {@code  net/ipv6/ip6_output.c:1748}. */
    private static final GuardedPattern SOURCE = GuardedPattern.containing(
            "^\\s++(?<src>[A-Za-z0-9_\\-/]++(?:\\.[A-Za-z0-9_\\-/]++)++:\\d++)", ":");

    private static String source(String rest) {
        Matcher m = SOURCE.lookingAt(rest);
        return m != null ? m.group("src") : null;
    }

    /** A function's name without the dot of a ppc64 ELFv1 code symbol. */
    private static String withoutDot(String function) {
        return DOT_SYMBOL.lookingAt(function) != null ? function.substring(1) : function;
    }

    /** The numbers of the groups of {@link #LOCATION_TEXT} in a pattern that holds it. */
    private record LocationGroups(int pmod, int fn, int off, int size, int mod, int bid) {
        static LocationGroups of(Pattern p) {
            return new LocationGroups(GroupNumbers.of(p, "pmod"), GroupNumbers.of(p, "fn"), GroupNumbers.of(p, "off"),
                    GroupNumbers.of(p, "size"), GroupNumbers.of(p, "mod"), GroupNumbers.of(p, "bid"));
        }
    }

    /** Parses {@code func+0x1/0x2 [mod]} or a bare address; {@code null} if it is neither. */
    static Frame parseLocation(String text, long line) {
        Matcher m = LOCATION.lookingAt(text);
        if (m != null) {
            return located(text, m, LOCATION_GROUPS, null, true, null, line,
                    m.end() == text.length() ? null : source(text.substring(m.end())));
        }
        Matcher a = ADDRESS_ONLY.matcher(text.strip());
        if (a.matches()) {
            return new Frame(null, null, null, null, null, Long.parseUnsignedLong(a.group("addr"), 16), true, null, line, null);
        }
        return null;
    }

    /** The frame at the location a matcher read in {@code text}, printed with the given address, reliability and section. */
    private static Frame located(String text, Matcher m, LocationGroups g, Long address, boolean reliable,
                                 String section, long line, String source) {
        String module = m.start(g.mod()) >= 0 ? m.group(g.mod()) : m.group(g.pmod());
        return new Frame(withoutDot(m.group(g.fn())), hex(text, m, g.off()), hex(text, m, g.size()), module,
                m.group(g.bid()), address, reliable, section, line, source);
    }

    /** A group's hexadecimal digits read as a number, or {@code null} when the group did not take part. */
    private static Long hex(String text, Matcher m, int group) {
        return m.start(group) < 0 ? null : HexDigits.value(text, m.start(group), m.end(group));
    }

    /** Whether the primary trace has begun (a heading, or a first frame line). */
    boolean started() {
        return started;
    }

    boolean finished() {
        return finished;
    }

    void start() {
        if (!started) {
            started = true;
        } else if (!frames.isEmpty()) {
            finished = true;
        }
    }

    /** Reads a line of the primary trace; returns whether it was a frame, a section marker or part of the trace. */
    boolean accept(String text, long line) {
        if (finished) {
            return false;
        }
        if (started && continuation(text)) {
            return true;
        }
        if (acceptArchitectureForm(text, line)) {
            started = true;
            exceptionStack = false;
            return true;
        }
        Matcher s;
        if ((s = SECTION.matches(text)) != null) {
            started = true;
            section = s.group(1).isEmpty() && !s.group(2).equals("EOI") ? s.group(2) : null;
            if (s.group("frame") != null) {
                accept(s.group("frame"), line);
            }
            return true;
        }
        Matcher d;
        if ((d = DECODED.matches(text)) != null) {
            started = true;
            frames.add(new Frame(d.group("fn"), d.group("off") == null ? null : Long.parseUnsignedLong(d.group("off"), 16),
                    d.group("size") == null ? null : Long.parseUnsignedLong(d.group("size"), 16), d.group("mod"), null,
                    null, d.group("q") == null, section, line, d.group("src")));
            return true;
        }
        Matcher m = FRAME.matches(text, frame);
        if (m == null) {
            return started && acceptCut(text, line);
        }
        started = true;
        exceptionStack = false;
        // s390 puts a return address it only found in a register in parentheses: it may be stale.
        boolean reliable = m.start(FRAME_Q1) < 0 && m.start(FRAME_Q2) < 0 && m.start(FRAME_PAREN) < 0;
        String source = m.start(FRAME_REST) == m.end(FRAME_REST) ? null : source(m.group(FRAME_REST));
        frames.add(located(text, m, FRAME_GROUPS, hex(text, m, FRAME_ADDR), reliable, section, line, source));
        return true;
    }

    /** Lines inside a trace that are no frame of it: arm's saved registers and exception stacks, powerpc's LR line. */
    private boolean continuation(String text) {
        if (ARM_SAVED_REGISTERS.isMatch(text) || POWERPC_INTERRUPT_LR.isLookingAt(text)) {
            return true;
        }
        if (EXCEPTION_STACK.isLookingAt(text)) {
            exceptionStack = true;
            return true;
        }
        return exceptionStack && EXCEPTION_STACK_ROW.matcher(text).matches();
    }

    /** The frame layouts of 32-bit arm and powerpc; returns whether the line was one. */
    private boolean acceptArchitectureForm(String text, long line) {
        Matcher m;
        if ((m = ARM_FROM.lookingAt(text)) != null) {
            armCall(location(m.group("fn"), Long.parseUnsignedLong(m.group("where"), 16), true, line),
                    location(m.group("caller"), Long.parseUnsignedLong(m.group("from"), 16), true, line));
            return true;
        }
        if ((m = ARM_FROM_SHORT.lookingAt(text)) != null) {
            Frame caller = location(m.group("caller"), null, true, line);
            if (caller == null) {
                return false;
            }
            armCall(location(m.group("fn"), null, true, line), caller);
            return true;
        }
        if ((m = POWERPC_FRAME.lookingAt(text)) != null) {
            String loc = m.group("loc");
            boolean unreliable = loc.stripTrailing().endsWith("(unreliable)");
            Frame f = location(unreliable ? loc.substring(0, loc.lastIndexOf("(unreliable)")).strip() : loc,
                    Long.parseUnsignedLong(m.group("ret"), 16), !unreliable, line);
            if (f == null) {
                return false;
            }
            frames.add(f);
            return true;
        }
        if (started && (m = POWERPC_INTERRUPT.lookingAt(text)) != null) {
            Frame f = location(m.group("loc"), null, true, line);
            if (f != null && f.function() != null) {
                frames.add(f); // a bare address is where user space made the system call
            }
            return true;
        }
        return false;
    }

    /** One line of arm's trace: the callee unless the line before already gave it, then the caller. */
    private void armCall(Frame callee, Frame caller) {
        Frame last = frames.isEmpty() ? null : frames.get(frames.size() - 1);
        if (callee != null && (last == null || !java.util.Objects.equals(last.function(), callee.function())
                || last.function() == null && !java.util.Objects.equals(last.address(), callee.address()))) {
            frames.add(callee);
        }
        if (caller != null) {
            frames.add(caller);
        }
    }

    /**
     * A frame from {@code func}, {@code func+0x1/0x2 [mod]} or a bare address, printed with the given
     * address and reliability, in the current stack section; {@code null} when the text is none of these.
     */
    private Frame location(String text, Long address, boolean reliable, long line) {
        String t = text.strip();
        Frame loc = parseLocation(t, line);
        if (loc == null) {
            Matcher name = BARE_FUNCTION.matcher(t);
            if (!name.matches()) {
                return null;
            }
            loc = new Frame(withoutDot(name.group(1)), null, null, name.group(2), null, null,
                    true, null, line, null);
        }
        Long addr = address != null ? address : loc.address();
        return new Frame(loc.function(), loc.offset(), loc.size(), loc.module(), loc.buildId(), addr, reliable, section,
                line, loc.source());
    }

    private boolean acceptCut(String text, long line) {
        Matcher c = cut.reset(text);
        if (!c.matches() || text.strip().endsWith(":")) {
            return false;
        }
        frames.add(new Frame(c.group("fn"), null, null, null, null, null, c.group("q") == null, section, line, null));
        damage.add(new Damage(line, "call-trace entry is cut short: \"" + text.strip() + "\"; only the function name is kept"));
        return true;
    }

    /** Ends the primary trace: later traces (allocation stacks, other CPUs) are not the crash's. */
    void end() {
        if (started && !frames.isEmpty()) {
            finished = true;
        }
    }

    List<Frame> frames() {
        return List.copyOf(frames);
    }
}
