package org.koops.diagnose;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.format.GuardedPattern;
import org.koops.model.Frame;
import org.koops.model.LogLine;

/**
 * The lines in which a report names, in its own words, where it happened, when there is no instruction
 * pointer to say it: strongest first, each with the reason it names the place. They are read before the
 * report's first stack trace (the message and lockdep's account come first; what follows a trace is other
 * tasks' and CPUs' state), and stay true when the trace is cut off or missing.
 */
final class PlaceLines {
    /**
     * A line naming a place: {@code fn} the function, {@code mod} its module when printed; {@code check} whether the line
     * is printed by a check that fired there (a {@code WARN_ON}), not by a fault or by code that watched the place;
     * {@code next} whether the line only says that the next line prints the place, as a frame is printed. Each pattern
     * names the literals its matches hold: most lines of a report hold none of them and meet no pattern.
     */
    private record Row(GuardedPattern line, String says, boolean check, boolean next) {
        Row(GuardedPattern line, String says) {
            this(line, says, false, false);
        }

        Row(GuardedPattern line, String says, boolean check) {
            this(line, says, check, false);
        }
    }

    /**
     * A function where a report prints it: {@code func+0x1a/0x40 [module]}, old warnings' {@code func()}, or
     * decode_stacktrace.sh's {@code func (file.c:12)}; ppc64's ELFv1 dot before the name is not part of it.
     */
    private static final String FUNCTION = "\\.?(?<fn>[A-Za-z_][A-Za-z0-9_.$]*+)"
            + "(?:\\+0x(?<off>\\p{XDigit}{1,16}+)(?:/0x(?<size>\\p{XDigit}{1,16}+))?+(?: ++\\[(?<mod>[A-Za-z_][\\w-]*+)[^\\]]*+\\])?+"
            + "|\\(\\)| \\()";

    /** A place printed as a frame of old traces is ({@code [<ffffffff81329372>] blk_queue_bio+0x2a2/0x380}), its [ perhaps lost. */
    private static final Pattern FRAME_AT = Pattern.compile("\\s*+(?:\\[?<?\\p{XDigit}{8,16}+>?\\]? ++)?" + FUNCTION);

    private static final List<Row> ROWS = List.of(
            // Architectures' instruction pointer lines, read here when the register dump was not.
            new Row(GuardedPattern.containing("(?:\\bRIP: \\p{XDigit}{4}:|\\b(?:PC|EIP) is at |\\bpc : |\\bNIP \\[\\p{XDigit}++\\] ++"
                    + "|\\bepc *+: \\p{XDigit}++ ++)" + FUNCTION, "RIP: ", "PC is at ", "EIP is at ", "pc : ", "NIP [", "epc"),
                    "the faulting instruction is in this function"),
            new Row(GuardedPattern.containing("WARNING: .*?\\bat [^ :]++:\\d++ " + FUNCTION, "WARNING: "),
                    "the WARNING line names the function that warned", true),
            new Row(GuardedPattern.containing("WARNING: [^ :]++:\\d++ at " + FUNCTION, "WARNING: "),
                    "the WARNING line names the function that warned", true),
            new Row(GuardedPattern.containing("BUG: K(?:ASAN|ASan|FENCE|MSAN): (?:[\\w-]++ )+?in " + FUNCTION, "BUG: K"),
                    "the sanitizer's first line names the function that made the bad access"),
            new Row(GuardedPattern.containing("(?:^\\s*+|, )at: (?:\\[<?\\p{XDigit}++>?\\] ++)?" + FUNCTION, "at: "),
                    "lockdep names the place the lock is taken at"),
            new Row(GuardedPattern.containing("is trying to release lock \\(.*\\) at:\\s*+$", "is trying to release lock ("),
                    "lockdep names the place the lock is released at, on the line after", false, true),
            new Row(GuardedPattern.starting("^caller is " + FUNCTION, "caller is "),
                    "the preemption check names the function that used per-CPU data while preemptible"));

    /** A stack trace's heading, which ends the lines read. */
    private static final GuardedPattern TRACE = GuardedPattern.containing("Call [Tt]race:|stack backtrace:|Backtrace:",
            "Call Trace:", "Call trace:", "stack backtrace:", "Backtrace:");

    /** A place a line names, why the line names it, and whether a check that fired there printed the line. */
    record Found(Frame frame, String says, boolean check) {
    }

    private PlaceLines() {
    }

    /** The first place the strongest row finds in the report's lines. */
    static Optional<Found> find(List<LogLine> lines) {
        int end = 0;
        while (end < lines.size() && !TRACE.isFound(lines.get(end).text())) {
            end++;
        }
        for (Row row : ROWS) {
            for (int i = 0; i < end; i++) {
                LogLine at = lines.get(i);
                Matcher m = row.line().find(at.text());
                if (m == null) {
                    continue;
                }
                if (row.next()) {
                    at = i + 1 < lines.size() ? lines.get(i + 1) : null;
                    m = at == null ? null : FRAME_AT.matcher(at.text());
                    if (m == null || !m.lookingAt()) {
                        continue;
                    }
                }
                return Optional.of(new Found(new Frame(m.group("fn"), hex(m.group("off")), hex(m.group("size")),
                        m.group("mod"), null, null, true, null, at.number(), null), row.says(), row.check()));
            }
        }
        return Optional.empty();
    }

    private static Long hex(String digits) {
        return digits == null ? null : Long.parseUnsignedLong(digits, 16);
    }
}
