package org.koops.model;

import java.util.List;

/**
 * The result of analysing one input.
 *
 * @param input   the input's name ({@code -} for standard input)
 * @param reports the reports found, in log order
 * @param lines   how many lines were read
 * @param bytes   how many (decompressed) bytes were read
 */
public record LogAnalysis(String input, List<CrashReport> reports, long lines, long bytes) {
}
