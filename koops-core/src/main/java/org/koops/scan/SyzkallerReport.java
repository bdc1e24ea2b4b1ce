package org.koops.scan;

import java.nio.charset.StandardCharsets;

/**
 * A report cut out of a console log the way syzkaller's Linux parser does it, for comparing with
 * syzkaller and for tools that mail reports in its form. koops's own {@link org.koops.model.CrashReport}
 * ends a report after ordinary messages and keeps interleaved lines out; syzkaller instead keeps every
 * line of the report's printk context from its start to the end of the log.
 *
 * @param startOffset byte offset of the report's first line, its time stamp included
 * @param endOffset   byte offset just after the last line, from the start on, that is a report
 *                    header (a trailing {@code Kernel panic - not syncing} line counts), its newline excluded
 * @param prefix      up to 5 lines (50 with a {@code [Tnnn]} caller id) before the report from the same
 *                    context, each ending in a newline
 * @param report      the report's lines from its first: time stamps and caller ids removed, {@code ? }
 *                    frames and other contexts' lines dropped, each ending in a newline
 */
public record SyzkallerReport(long startOffset, long endOffset, String prefix, String report) {

    /** The whole text syzkaller reports: the prefix, then the report. */
    public String text() {
        return prefix + report;
    }

    /**
     * Cuts the report starting at {@code startOffset} out of a log, e.g. at the
     * {@link org.koops.model.CrashReport#startOffset()} of the first report koops found in it.
     */
    public static SyzkallerReport extract(byte[] log, long startOffset) {
        // ISO-8859-1 maps each byte to one char, so string indexes are byte offsets.
        SyzkallerExtraction x = new SyzkallerExtraction(new String(log, StandardCharsets.ISO_8859_1),
                Math.toIntExact(startOffset));
        x.run();
        return new SyzkallerReport(startOffset, x.endOffset(), utf8(x.prefix()), utf8(x.report()));
    }

    private static String utf8(String latin1) {
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
