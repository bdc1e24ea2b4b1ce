package org.koops.model;

import java.util.List;

/**
 * One crash report found in a log, parsed, titled, diagnosed and explained.
 *
 * @param index          0-based position among the reports of its input
 * @param title          the crash title in syzkaller's form, e.g. {@code general protection fault in ntfs_lookup}
 * @param altTitles      alternative titles used to recognise the same bug
 * @param type           the crash type derived from the title (syzkaller's names, e.g. {@code NULL-POINTER-DEREFERENCE})
 * @param kind           the family of message
 * @param arch           the architecture that printed it
 * @param corrupted      whether the report is too damaged or truncated to trust its title
 * @param corruptionReason why it is considered corrupted, or {@code null}
 * @param startLine      1-based number of its first line
 * @param endLine        1-based number of its last line
 * @param startOffset    byte offset where it starts in the input
 * @param endOffset      byte offset just after its last line
 * @param lines          its lines, interleaved foreign lines excluded
 * @param context        up to five lines printed just before it that may explain it ({@code sysrq: Trigger a crash})
 * @param details        the parsed fields
 * @param diagnosis      the diagnosis
 * @param annotated      every line with what it means
 * @param duplicateOf    index of an earlier identical report in the same input (a pasted copy), or {@code null}
 * @param displayTitle   the title a person reads: {@code title} with the report's own numbers, addresses and line
 *                       numbers instead of syzkaller's {@code NUM}, {@code ADDR}, {@code LINE}; where {@code title} ends
 *                       {@code in corrupted}, the place the rest of the report names instead, and what is missing
 *                       ({@code WARNING in netflow_target [ipt_NETFLOW] (no usable stack frame in the report)})
 */
public record CrashReport(int index, String title, List<String> altTitles, String type, Kind kind, Arch arch,
                          boolean corrupted, String corruptionReason, long startLine, long endLine,
                          long startOffset, long endOffset, List<LogLine> lines, List<LogLine> context,
                          ReportDetails details,
                          Diagnosis diagnosis, List<AnnotatedLine> annotated, Integer duplicateOf, String displayTitle) {

    /** A report whose display title is its title. */
    public CrashReport(int index, String title, List<String> altTitles, String type, Kind kind, Arch arch,
                       boolean corrupted, String corruptionReason, long startLine, long endLine,
                       long startOffset, long endOffset, List<LogLine> lines, List<LogLine> context,
                       ReportDetails details, Diagnosis diagnosis, List<AnnotatedLine> annotated, Integer duplicateOf) {
        this(index, title, altTitles, type, kind, arch, corrupted, corruptionReason, startLine, endLine, startOffset,
                endOffset, lines, context, details, diagnosis, annotated, duplicateOf, title);
    }
}
