package org.koops.format;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pattern for one line of a log, and the literal text any match of it must hold: a line without that text is
 * ruled out by a plain search, far cheaper than making a matcher and running the pattern. Every parser's table
 * of patterns is made of these, so that most lines of a report meet no regular expression they cannot match.
 *
 * <p>The literal is given in one of two ways. {@link #containing} names strings of which every match holds at
 * least one, anywhere in the line. {@link #starting} names strings one of which every match starts with, after
 * the white space ({@code \s}) the pattern may skip at the start of the line: it is for patterns anchored at
 * the line's start ({@code ^}, optionally followed by {@code \s*}), tried with {@link #matches} or
 * {@link #lookingAt}.
 *
 * <p>A literal that a match need not hold would lose matches silently; with assertions enabled (as the tests
 * run), each line the literal rules out is also tried with the pattern, and one that matches fails the run.
 */
public final class GuardedPattern {
    private final Pattern pattern;
    private final String[] literals;
    private final boolean atStart;
    /**
     * For a pattern at the line's start, the ASCII characters a lead starts with (bit {@code c} of word
     * {@code c >> 6}): one look at the line's first character rules out most lines before any lead is compared.
     */
    private final long[] leadStarts = new long[2];
    /** Whether a lead starts with a character outside ASCII, which {@link #leadStarts} cannot hold. */
    private final boolean leadBeyondAscii;
    /** Each thread's matcher for the checks that only want an answer ({@link #isFound} ...). */
    private final ThreadLocal<Matcher> reused;

    /** How a pattern is tried on a line: {@link Matcher#matches}, {@link Matcher#lookingAt}, {@link Matcher#find}. */
    private enum How { MATCHES, LOOKING_AT, FIND }

    private GuardedPattern(Pattern pattern, List<String> literals, boolean atStart) {
        if (literals.stream().anyMatch(l -> l.isEmpty() || atStart && isSpace(l.charAt(0)))) {
            throw new IllegalArgumentException("a guard needs literals, not empty nor starting with white space: "
                    + pattern);
        }
        this.pattern = pattern;
        this.literals = literals.toArray(String[]::new);
        this.atStart = atStart;
        boolean beyond = false;
        for (String lead : this.literals) {
            char c = lead.charAt(0);
            if (c < 128) {
                leadStarts[c >> 6] |= 1L << c;
            } else {
                beyond = true;
            }
        }
        this.leadBeyondAscii = beyond;
        this.reused = ThreadLocal.withInitial(() -> pattern.matcher(""));
    }

    /** A pattern every match of which holds at least one of {@code literals}. */
    public static GuardedPattern containing(String regex, String... literals) {
        return containing(Pattern.compile(regex), literals);
    }

    /** As {@link #containing}, for a pattern compiled already (with flags, or from {@link PatternLibrary}). */
    public static GuardedPattern containing(Pattern pattern, String... literals) {
        if (literals.length == 0) {
            throw new IllegalArgumentException("a guard needs literals: " + pattern);
        }
        return new GuardedPattern(pattern, List.of(literals), false);
    }

    /**
     * A pattern with no literal that every match holds (its matches start with a group of alternatives, say): it is
     * tried on every line. For tables whose rows give a literal where they can, and a pattern alone where not.
     */
    static GuardedPattern unguarded(Pattern pattern) {
        return new GuardedPattern(pattern, List.of(), false);
    }

    /**
     * A pattern anchored at the line's start whose every match starts with one of {@code leads}, after any white
     * space at the start of the line.
     */
    public static GuardedPattern starting(String regex, String... leads) {
        return starting(Pattern.compile(regex), leads);
    }

    /** As {@link #starting}, for a pattern compiled already. */
    public static GuardedPattern starting(Pattern pattern, String... leads) {
        if (leads.length == 0) {
            throw new IllegalArgumentException("a guard needs leads: " + pattern);
        }
        return new GuardedPattern(pattern, List.of(leads), true);
    }

    public Pattern pattern() {
        return pattern;
    }

    /** Whether the line holds the literal every match needs: when not, no match is possible. */
    public boolean mayMatch(String line) {
        if (atStart) {
            int from = 0;
            while (from < line.length() && isSpace(line.charAt(from))) {
                from++;
            }
            if (from == line.length()) {
                return false;
            }
            char c = line.charAt(from);
            if (c < 128 ? (leadStarts[c >> 6] & 1L << c) == 0 : !leadBeyondAscii) {
                return false;
            }
            for (String lead : literals) {
                if (line.startsWith(lead, from)) {
                    return true;
                }
            }
            return false;
        }
        for (String literal : literals) {
            if (line.contains(literal)) {
                return true;
            }
        }
        return literals.length == 0;
    }

    /** The matcher after the whole line matched, or {@code null}. */
    public Matcher matches(String line) {
        return tried(line, How.MATCHES);
    }

    /** The matcher after a match at the line's start, or {@code null}. */
    public Matcher lookingAt(String line) {
        return tried(line, How.LOOKING_AT);
    }

    /** The matcher after the first match anywhere in the line, or {@code null}. */
    public Matcher find(String line) {
        return tried(line, How.FIND);
    }

    /** A matcher of the pattern holding no line yet, for {@link #find(String, Matcher)}. */
    public Matcher matcher() {
        return pattern.matcher("");
    }

    /**
     * As {@link #find(String)}, with the caller's matcher of this pattern ({@link #matcher}) reset to the line rather
     * than a new matcher: for a caller that tries the pattern on line after line and reads each match's groups before
     * it tries the next line.
     */
    public Matcher find(String line, Matcher m) {
        return tried(line, m, How.FIND);
    }

    /** As {@link #find(String, Matcher)}, for a match of the whole line ({@link #matches(String)}). */
    public Matcher matches(String line, Matcher m) {
        return tried(line, m, How.MATCHES);
    }

    /** The caller's matcher after {@code how} matched on the line, or {@code null}; not tried when ruled out. */
    private Matcher tried(String line, Matcher m, How how) {
        return !ruledOut(line, how) && matched(m.reset(line), how) ? m : null;
    }

    /** The matcher after {@code how} matched on the line, or {@code null}; not tried when the literal rules it out. */
    private Matcher tried(String line, How how) {
        if (ruledOut(line, how)) {
            return null;
        }
        Matcher m = pattern.matcher(line);
        return matched(m, how) ? m : null;
    }

    /** Whether the literal rules out any match of {@code how}; with assertions on, the pattern confirms it. */
    private boolean ruledOut(String line, How how) {
        if (mayMatch(line)) {
            return false;
        }
        assert !matched(pattern.matcher(line), how) : unsound(line);
        return true;
    }

    /** Tries the matcher: a plain switch rather than a function object, so each way is a direct call. */
    private static boolean matched(Matcher m, How how) {
        return switch (how) {
            case MATCHES -> m.matches();
            case LOOKING_AT -> m.lookingAt();
            case FIND -> m.find();
        };
    }

    /** The line with every match replaced, or the line itself when the literal rules out any match. */
    public String replaceAll(String line, String replacement) {
        return ruledOut(line, How.FIND) ? line : pattern.matcher(line).replaceAll(replacement);
    }

    /** Whether the whole line matches. */
    public boolean isMatch(String line) {
        return test(line, How.MATCHES);
    }

    /** Whether the line starts with a match. */
    public boolean isLookingAt(String line) {
        return test(line, How.LOOKING_AT);
    }

    /** Whether the line holds a match. */
    public boolean isFound(String line) {
        return test(line, How.FIND);
    }

    /**
     * Whether {@code how} matched on the line, with this thread's matcher of the pattern: the answer alone is
     * wanted, so the matcher never leaves and one serves every line, rather than one made per line.
     */
    private boolean test(String line, How how) {
        if (ruledOut(line, how)) {
            return false;
        }
        Matcher m = reused.get().reset(line);
        boolean matched = matched(m, how);
        m.reset(""); // holds no line once answered
        return matched;
    }

    private String unsound(String line) {
        return "the pattern " + pattern + " matches a line without " + List.of(literals) + ": " + line;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }

    @Override
    public String toString() {
        return pattern + " guarded by " + (atStart ? "a start with " : "") + List.of(literals);
    }
}
