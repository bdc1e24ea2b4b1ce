package org.koops.format;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Whether a titled report is whole, by syzkaller's rules: a report that should have a stack trace
 * must show one, with frames right after each trace heading; and no time stamp may sit in the title.
 */
final class Completeness {
    /** Lines printed at the same time can run into each other, time stamp and all. */
    private static final Pattern TIME_STAMP = Pattern.compile("\\[ *+\\d++\\.\\d++\\]");
    /** How many lines after a trace heading a frame must appear in. */
    private static final int FRAME_WITHIN = 15;
    /** A heading needs this many lines after it (counting the empty end of the text) to hold a trace. */
    private static final int MIN_LINES_FROM_HEADING = 3;

    private Completeness() {
    }

    /**
     * Why the report is not whole, or {@code null}.
     *
     * @param title  the title before normalisation
     * @param text   the report's text
     * @param format the row that titled it, or {@code null} when none did (then nothing is required)
     */
    static String check(String title, List<String> text, ReportFormat format) {
        if (runTogether(title)) {
            return "a time stamp is in the title: lines printed at the same time ran into each other";
        }
        if (format == null || format.has(ReportFormat.Flag.NO_STACK_TRACE)) {
            return null;
        }
        boolean stack = false;
        // Which lines start a stack is asked once per line, not once per heading and line.
        boolean[] starts = new boolean[text.size()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = TitleFrames.startsStack(text.get(i));
        }
        for (GuardedPattern heading : TitleFrames.STACK_STARTS) {
            int at = firstLine(text, starts, heading);
            if (at < 0) {
                continue;
            }
            if (text.size() - at < MIN_LINES_FROM_HEADING) {
                return "the call trace is missing";
            }
            boolean frames = false;
            for (int i = at + 1; i < text.size() && i <= at + FRAME_WITHIN && !starts[i]; i++) {
                if (text.get(i).contains("(stack is not available)") || isFrame(text.get(i))) {
                    frames = true;
                    break;
                }
            }
            stack |= frames;
            // RISC-V prints its stack right after the registers, so no frames there proves nothing.
            if (!frames && heading != TitleFrames.RISCV_REGS) {
                return "no frames in a stack trace";
            }
        }
        return stack ? null : "no stack trace in the report";
    }

    /** Whether a time stamp sits in the title: lines printed at the same time ran into each other. */
    static boolean runTogether(String title) {
        return TIME_STAMP.matcher(title).find();
    }

    private static int firstLine(List<String> text, boolean[] starts, GuardedPattern p) {
        for (int i = 0; i < text.size(); i++) {
            if (starts[i] && p.isFound(text.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isFrame(String line) {
        for (GuardedPattern p : TitleFrames.FRAME_LINES) {
            if (p.isFound(line)) {
                return true;
            }
        }
        return false;
    }
}
