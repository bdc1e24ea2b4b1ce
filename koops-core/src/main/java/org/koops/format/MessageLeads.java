package org.koops.format;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Messages the kernel prints just before a report's first line that are the report's own headline: one row per
 * checker that prints its verdict that way, with its reason. Such a line says what was found (a reference count
 * gone below zero, a corrupted list), the header after it only where; the report starts with it. The free text of
 * an ordinary {@code WARN()} (a driver's remark on the condition it checks) is no headline: the report starts at
 * its {@code WARNING:} line, and the text stays in the lines before the report.
 */
public final class MessageLeads {
    /** The checker's message, the headers it leads to, and why. */
    private record Lead(Pattern message, Pattern header, String reason) {
    }

    private static final Pattern WARNING = Pattern.compile("^WARNING: ");
    /** What __warn_printk prints first, before a WARN()'s text and its WARNING line: those lines are the warning's. */
    private static final Pattern CUT_HERE = Pattern.compile("^-{12}\\[ cut here \\]-{12}");
    /** How many lines of a WARN()'s text may come between its cut here and its WARNING line. */
    private static final int WARN_TEXT_LINES = 4;

    private static final List<Lead> ROWS = List.of(
            new Lead(Pattern.compile("^refcount_t: "), WARNING,
                    "REFCOUNT_WARN (lib/refcount.c) prints the kind of misuse (underflow, addition on 0, saturation) in "
                            + "WARN_ONCE's message, then the WARNING line of refcount_warn_saturate"),
            new Lead(Pattern.compile("^list_(?:add|del) corruption|^list_add double add"), WARNING,
                    "CHECK_DATA_CORRUPTION (lib/list_debug.c) prints which link of the list is corrupted in WARN's message "
                            + "when CONFIG_BUG_ON_DATA_CORRUPTION is off"),
            new Lead(Pattern.compile("^ODEBUG: "), WARNING,
                    "debug_print_object (lib/debugobjects.c) prints the misused object's state and type in WARN's message"));

    private MessageLeads() {
    }

    /**
     * How many of the lines just before a header are its headline: 1 when the line right before it is a
     * checker's message leading to that header, else 0.
     *
     * @param before the messages of the lines before the header, nearest last; {@code null} for a line that is
     *               not the report's (another program's, another source's)
     * @param header the message of the report's first line
     */
    public static int count(List<String> before, String header) {
        if (before.isEmpty() || before.get(before.size() - 1) == null) {
            return 0;
        }
        String message = before.get(before.size() - 1).strip();
        for (Lead row : ROWS) {
            if (row.header().matcher(header.strip()).lookingAt() && row.message().matcher(message).lookingAt()) {
                return 1;
            }
        }
        return 0;
    }

    /**
     * How many of the last lines read belong to the report whose header follows rather than to the report they
     * were read into: from a {@code WARNING:} line's cut here on when a WARN()'s text follows it, else its headline
     * ({@link #count}).
     *
     * @param before the messages of the lines before the header, nearest last
     * @param header the message of the next report's first line
     */
    public static int warningsOwn(List<String> before, String header) {
        if (WARNING.matcher(header.strip()).lookingAt()) {
            for (int i = before.size() - 1; i >= 0 && i >= before.size() - 1 - WARN_TEXT_LINES; i--) {
                String text = before.get(i);
                if (text == null || text.isBlank()) {
                    break;
                }
                if (CUT_HERE.matcher(text.strip()).lookingAt()) {
                    // A cut here right before the header is left where it was read, as syzkaller's reports keep it.
                    return i == before.size() - 1 ? 0 : before.size() - i;
                }
            }
        }
        return count(before, header);
    }
}
