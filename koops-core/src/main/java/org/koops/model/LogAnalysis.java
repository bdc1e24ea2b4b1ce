package org.koops.model;

import java.util.List;

/**
 * The result of analysing one input.
 *
 * @param input   the input's name ({@code -} for standard input)
 * @param reports the reports found, in log order
 * @param lines   how many lines were read
 * @param bytes   how many (decompressed) bytes were read
 * @param truncated why the input ended before its end (compressed data that stops short):
 *                the reports are those of the part that could be read; {@code null} when it was read whole
 */
public record LogAnalysis(String input, List<CrashReport> reports, long lines, long bytes, String truncated) {
    /** The analysis of an input read whole. */
    public LogAnalysis(String input, List<CrashReport> reports, long lines, long bytes) {
        this(input, reports, lines, bytes, null);
    }
}
