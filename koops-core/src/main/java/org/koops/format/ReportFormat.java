package org.koops.format;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.koops.model.Kind;

/**
 * One row of the report-format table: a kernel message, how it is found in a report and how it is
 * titled. Rows come in {@link Group}s whose header lines contain the same literal.
 *
 * @param id       a short stable name for tests and debugging
 * @param kind     the family of report
 * @param group    the group the row belongs to
 * @param title    where the message is in a report; the earliest match among a group's rows titles it
 * @param report   if not {@code null}, the fuller pattern the title's values come from; a report whose
 *                 title matches but not this is damaged
 * @param template the title: {@code $1}.. are the groups of {@code report} (else {@code title}),
 *                 {@code {frame}} and {@code {frame2}} the functions read by {@code stack}
 * @param alts     alternative titles, in the same language
 * @param stack    how the title's functions are read, or {@code null} for none
 * @param flags    behaviour switches
 */
public record ReportFormat(String id, Kind kind, Group group, TextPattern title, TextPattern report,
                           String template, List<String> alts, StackRecipe stack, Set<Flag> flags) {
    /** How many lines a {@link Flag#PRELUDE} report may have when the header it precedes comes. */
    public static final int PRELUDE_REACH = 3;

    /**
     * Rows whose header lines contain the same literal.
     *
     * @param literals  every header line of the group contains one of them; cheap to look for. syzkaller's
     *                  groups have one, which also starts the title of a report no row matches
     * @param ignored   lines that contain a literal but are not reports (searched anywhere in the line)
     * @param syzkaller whether syzkaller counts these reports as crashes; koops also reports a few it does not
     */
    public record Group(List<String> literals, List<Pattern> ignored, boolean syzkaller) {
        /** The group's first literal. */
        public String literal() {
            return literals.get(0);
        }

        /** Whether a line (its message) is a header of this group. */
        public boolean heads(String line) {
            boolean held = false;
            for (int i = 0; i < literals.size() && !held; i++) {
                held = line.contains(literals.get(i));
            }
            if (!held) {
                return false;
            }
            for (Pattern p : ignored) {
                if (p.matcher(line).find()) {
                    return false;
                }
            }
            return true;
        }
    }

    public enum Flag {
        /**
         * Printed as part of a report already under way (the {@code Kernel panic} after an oops, the
         * {@code invalid opcode} after a {@code kernel BUG}): absorbed into the open report; starts a
         * report of its own only when none is open.
         */
        FOLLOW_UP,
        /**
         * Printed just before the header of the report it belongs to: the header that follows within
         * {@link #PRELUDE_REACH} lines is absorbed rather than starting a report of its own.
         */
        PRELUDE,
        /** The report is whole without a stack trace. */
        NO_STACK_TRACE,
        /** Only ever printed for a report whose beginning was lost: always marked corrupted. */
        CORRUPTED,
        /**
         * With {@link #FOLLOW_UP}: printed once per report (the victim of an out-of-memory kill); a second such
         * line while a report that has one is open is a new occurrence and starts a report of its own.
         */
        ONCE,
        /**
         * The message may go on over lines of its own after the header (old kernels' {@code WARN()} text):
         * until the report's details begin ({@code Modules linked in:}, the task, the trace), a header line
         * is part of the message rather than a report of its own.
         */
        MESSAGE_FOLLOWS,
        /** A report only with lines of a report after it: alone, the line is some program's text that looks like one. */
        BODY_REQUIRED
    }

    public boolean has(Flag flag) {
        return flags.contains(flag);
    }
}
