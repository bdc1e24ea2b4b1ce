package org.koops.model;

import java.util.List;

/**
 * A statement of the diagnosis and the log lines it rests on.
 *
 * @param statement what koops concludes
 * @param evidence  1-based log line numbers that show it
 */
public record Claim(String statement, List<Long> evidence) {
    public static Claim of(String statement, long... lines) {
        return new Claim(statement, java.util.Arrays.stream(lines).boxed().distinct().toList());
    }
}
