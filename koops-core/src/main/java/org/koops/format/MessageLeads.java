package org.koops.format;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Messages the kernel prints before a report's first line that are the report's own: one row per way of
 * printing them, with its reason. The lines between the row's opener and the header are the report's
 * message, and the report starts with them.
 */
public final class MessageLeads {
    /** The opener, the headers it leads to, how many message lines may come between, and why. */
    private record Lead(Pattern opener, Pattern header, int maxLines, String reason) {
    }

    private static final List<Lead> ROWS = List.of(
            new Lead(Pattern.compile("^-{12}\\[ cut here \\]-{12}"), Pattern.compile("^WARNING: "), 4,
                    "WARN(cond, fmt) on architectures that trap into their warnings (x86 since Linux 4.16, arm64, riscv ...) "
                            + "prints cut here and its message in __warn_printk, then traps to print the WARNING line; "
                            + "CHECK_DATA_CORRUPTION's list and refcount messages come the same way"));

    private MessageLeads() {
    }

    /**
     * How many of the lines just before a header are its message: the lines after the nearest opener, or 0 when
     * there is none within reach.
     *
     * @param before the messages of the lines before the header, nearest last; {@code null} for a line that is
     *               not the report's (another program's, another source's), which ends the search
     * @param header the message of the report's first line
     */
    public static int count(List<String> before, String header) {
        for (Lead row : ROWS) {
            if (!row.header().matcher(header.strip()).lookingAt()) {
                continue;
            }
            for (int i = before.size() - 1; i >= 0 && i >= before.size() - 1 - row.maxLines(); i--) {
                String text = before.get(i);
                if (text == null) {
                    return 0;
                }
                String message = text.strip();
                if (row.opener().matcher(message).lookingAt()) {
                    return before.size() - 1 - i;
                }
                if (message.isEmpty()) {
                    return 0;
                }
            }
        }
        return 0;
    }
}
