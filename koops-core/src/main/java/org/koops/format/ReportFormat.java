package org.koops.format;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.koops.model.Kind;

/**
 * One row of the report-format table: how a kind of kernel report starts and how it is titled.
 *
 * @param id      a short stable name for tests and debugging
 * @param kind    the family of report
 * @param literal a substring every header line of this format contains; the scanner runs
 *                {@code header} only on lines that contain one of the table's literals
 * @param header  matches the header line's message (prefix stripped); groups feed the title
 * @param title   the title template: {@code $1}.. are header groups, {@code {frame}} the frame
 *                chosen by {@code frame}, {@code {name}} a fact found by {@code facts}
 * @param alts    alternative title templates, in the same language
 * @param frame   where the frame named in the title comes from
 * @param facts   further values for the title, each found by a pattern in the report's lines (group 1)
 * @param flags   behaviour switches
 */
public record ReportFormat(String id, Kind kind, String literal, Pattern header, String title, List<String> alts,
                           FrameSource frame, Map<String, Pattern> facts, Set<Flag> flags) {

    /** Where the function named in a title is taken from. */
    public enum FrameSource {
        /** No function in the title. */
        NONE,
        /** The instruction pointer (RIP/pc/IP/PC is at) if symbolic, else the call trace. */
        IP,
        /** The first call-trace frame that is not skipped by {@link FrameSkipRules}. */
        TRACE,
        /** The header's {@code frame} group ({@code WARNING: ... at file:line func+0x..}). */
        HEADER,
        /** The header's {@code frame} group if present, else the instruction pointer, else the trace. */
        HEADER_THEN_IP
    }

    public enum Flag {
        /**
         * Printed as part of a report already under way (the {@code Oops:} line after a page-fault
         * message, the {@code Kernel panic ... Fatal exception} after an oops): absorbed into the
         * open report; starts a report of its own only when none is open.
         */
        FOLLOW_UP,
        /**
         * The message a {@code WARN()} or {@code BUG()} prints before its own {@code WARNING:} or
         * {@code kernel BUG at} line ({@code refcount_t: underflow; use-after-free.}): the header that
         * follows within {@link #PRELUDE_REACH} lines belongs to this report, which keeps this title.
         */
        PRELUDE,
        /** Titled by {@code title} even when no frame is found, rather than marked corrupted. */
        FRAME_OPTIONAL
    }

    /** How many lines after a {@link Flag#PRELUDE} header its WARNING or BUG line may come. */
    public static final int PRELUDE_REACH = 3;

    public boolean has(Flag flag) {
        return flags.contains(flag);
    }
}
