package org.koops.model;

import java.util.List;

/**
 * A report line with what it means, the way a kernel engineer would read it out. Each note is said once per
 * report: a later line it also applies to names the earlier line in {@code sameAs} instead of repeating it.
 *
 * @param line     the log line
 * @param meanings the explanations said first here; empty for lines that need none, or whose notes were all
 *                 said on earlier lines
 * @param sameAs   1-based numbers of earlier lines of the report whose notes also explain this one, in order;
 *                 empty when none
 */
public record AnnotatedLine(LogLine line, List<String> meanings, List<Long> sameAs) {

    /** A line explained by its own notes only. */
    public AnnotatedLine(LogLine line, List<String> meanings) {
        this(line, meanings, List.of());
    }

    /** This line with other meanings and the same references. */
    public AnnotatedLine withMeanings(List<String> other) {
        return new AnnotatedLine(line, other, sameAs);
    }
}
