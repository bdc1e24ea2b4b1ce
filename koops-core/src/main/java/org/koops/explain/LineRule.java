package org.koops.explain;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.format.PatternLibrary;

/**
 * One row of a rule table: a pattern on a line's text (leading blanks removed, matched from the
 * start) and what a match means. A rule that returns no meanings passes the line on to the next row.
 */
record LineRule(Pattern pattern, Explain explain) {

    /** Turns a match into meanings; may return an empty list to let later rules try. */
    @FunctionalInterface
    interface Explain {
        List<String> apply(Matcher m, LineContext c);
    }

    /** A rule whose pattern may use the {@code {{NAME}}} pieces of {@link PatternLibrary}. */
    static LineRule rule(String template, Explain explain) {
        return new LineRule(PatternLibrary.compile(template), explain);
    }

    /** A rule whose meaning does not depend on the match. */
    static LineRule fixed(String template, String... meanings) {
        List<String> list = List.of(meanings);
        return rule(template, (m, c) -> list);
    }
}
