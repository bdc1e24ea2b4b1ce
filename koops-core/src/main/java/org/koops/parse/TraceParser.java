package org.koops.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.model.Damage;
import org.koops.model.Frame;

/**
 * Reads call traces in the layouts kernels have used: {@code  ? func+0x1/0x2 [mod]} (x86 since 4.x),
 * {@code  [<ffffffff81234567>] func+0x1/0x2} (older x86 and arm), {@code  func+0x1/0x2 [mod buildid]}
 * (with CONFIG_STACKTRACE_BUILD_ID), and the {@code <IRQ>}/{@code <TASK>}/{@code <NMI>} section markers.
 */
final class TraceParser {
    private static final Pattern LOCATION = Pattern.compile(
            "^(?<fn>[A-Za-z_.$][A-Za-z0-9_.$]*+)\\+0x(?<off>[0-9a-f]{1,16}+)(?:/0x(?<size>[0-9a-f]{1,16}+))?"
            + "(?: \\[(?<mod>[A-Za-z0-9_\\-]++)(?: (?<bid>[0-9a-f]{8,64}+))?\\])?");
    private static final Pattern ADDRESS_ONLY = Pattern.compile("^(?:0x)?(?<addr>[0-9a-f]{1,16}+)$");
    private static final Pattern FRAME = Pattern.compile(
            "^\\s*(?<q1>\\? )?(?:\\[<(?<addr>[0-9a-f]{1,16}+)>\\] )?(?:\\(\\[<[0-9a-f]++>\\] )?(?<q2>\\? )?(?<loc>[A-Za-z_.$][A-Za-z0-9_.$]*+\\+0x[0-9a-f]++.*)$");
    /** A frame already decoded by decode_stacktrace.sh: {@code func (fs/file.c:123 (discriminator 4))}. */
    private static final Pattern DECODED = Pattern.compile(
            "^\\s*(?<q>\\? )?(?<fn>[A-Za-z_][A-Za-z0-9_.$]*+)(?:\\+0x(?<off>[0-9a-f]{1,16}+)(?:/0x(?<size>[0-9a-f]{1,16}+))?)? \\((?<src>[A-Za-z0-9_./\\-]++:\\d++)[^)]*+\\)*+(?: \\[(?<mod>[A-Za-z0-9_\\-]++)\\])?\\s*$");
    /** A frame cut short by a terminal or a copy: {@code vfs_write+0xc7/0x4...}, {@code write_sysrq_trigger}. */
    private static final Pattern CUT = Pattern.compile(
            "^\\s*(?<q>\\? )?(?<fn>[A-Za-z_][A-Za-z0-9_.$]*+)(?:\\+0x[0-9a-f]*+(?:/0x[0-9a-f]*+)?)?(?:\\.\\.\\.)?\\s*$");
    private static final Pattern SECTION = Pattern.compile("^\\s*<(/?)(TASK|IRQ|NMI|SOFTIRQ|EOI)>\\s*$");
    private static final Pattern START = Pattern.compile("^\\s*(?:Call [Tt]race:|Backtrace:|Call trace:)");

    private final List<Frame> frames = new ArrayList<>();
    private final List<Damage> damage;
    private String section;
    private boolean started;
    private boolean finished;

    TraceParser(List<Damage> damage) {
        this.damage = damage;
    }

    static boolean isStart(String text) {
        return START.matcher(text).lookingAt();
    }

    /** A source location printed after a frame by a symbolising tool: {@code  net/ipv6/ip6_output.c:1748}. */
    private static final Pattern SOURCE = Pattern.compile("^\\s++(?<src>[A-Za-z0-9_.\\-/]++\\.[A-Za-z]{1,3}:\\d++)");

    private static String source(String rest) {
        Matcher m = SOURCE.matcher(rest);
        return m.lookingAt() ? m.group("src") : null;
    }

    /** Parses {@code func+0x1/0x2 [mod]} or a bare address; {@code null} if it is neither. */
    static Frame parseLocation(String text, long line) {
        Matcher m = LOCATION.matcher(text);
        if (m.lookingAt()) {
            return new Frame(m.group("fn"), Long.parseUnsignedLong(m.group("off"), 16),
                    m.group("size") == null ? null : Long.parseUnsignedLong(m.group("size"), 16),
                    m.group("mod"), m.group("bid"), null, true, null, line, source(text.substring(m.end())));
        }
        Matcher a = ADDRESS_ONLY.matcher(text.strip());
        if (a.matches()) {
            return new Frame(null, null, null, null, null, Long.parseUnsignedLong(a.group("addr"), 16), true, null, line, null);
        }
        return null;
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

    /** Reads a line of the primary trace; returns whether it was a frame or section marker. */
    boolean accept(String text, long line) {
        if (finished) {
            return false;
        }
        Matcher s = SECTION.matcher(text);
        if (s.matches()) {
            started = true;
            section = s.group(1).isEmpty() && !s.group(2).equals("EOI") ? s.group(2) : null;
            return true;
        }
        Matcher d = DECODED.matcher(text);
        if (d.matches()) {
            started = true;
            frames.add(new Frame(d.group("fn"), d.group("off") == null ? null : Long.parseUnsignedLong(d.group("off"), 16),
                    d.group("size") == null ? null : Long.parseUnsignedLong(d.group("size"), 16), d.group("mod"), null,
                    null, d.group("q") == null, section, line, d.group("src")));
            return true;
        }
        Matcher m = FRAME.matcher(text);
        if (!m.matches()) {
            return started && acceptCut(text, line);
        }
        Frame loc = parseLocation(m.group("loc"), line);
        if (loc == null) {
            return false;
        }
        started = true;
        boolean reliable = m.group("q1") == null && m.group("q2") == null;
        Long addr = m.group("addr") == null ? null : Long.parseUnsignedLong(m.group("addr"), 16);
        frames.add(new Frame(loc.function(), loc.offset(), loc.size(), loc.module(), loc.buildId(), addr, reliable,
                section, line, loc.source()));
        return true;
    }

    private boolean acceptCut(String text, long line) {
        Matcher c = CUT.matcher(text);
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
