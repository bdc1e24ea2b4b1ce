package org.koops.format;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Makes titles of the same bug equal across machines and runs, as syzkaller's dashboard does:
 * addresses, numbers, line numbers and the like become fixed words. Each rule is data with the
 * reason it exists; a rule is applied until the title no longer changes, since matches can overlap.
 */
public final class TitleNormalizer {
    /** Longest title kept: corrupted and interleaved lines can be very long. */
    public static final int MAX_LENGTH = 120;

    /** A rule: its pattern (guarded by a literal its matches hold, when they hold one), its replacement, and why. */
    private record Rule(GuardedPattern pattern, String replacement, String reason) {
        Rule(String regex, String literal, String replacement, String reason) {
            this(literal == null ? GuardedPattern.unguarded(Pattern.compile(regex))
                    : GuardedPattern.containing(regex, literal), replacement, reason);
        }
    }

    private static final List<Rule> RULES = List.of(
            new Rule("syz-executor\\.?\\d++(?:[/:]\\d++)?+", "syz-executor", "syz-executor",
                    "executor instance and process numbers are incidental"),
            new Rule("syzkaller\\d++(?:[/:]\\d++)?+", "syzkaller", "syzkaller", "so are the fuzzer's process numbers"),
            new Rule("([^a-zA-Z0-9])(?:0x)?[0-9a-f]{6,}+", null, "$1ADDR",
                    "addresses differ between boots (KASLR) and machines"),
            new Rule("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}", ".", "IP", "IPv4 addresses differ between test machines"),
            new Rule("(\\.\\w++)(?::\\d++)++", ".", "$1:LINE", "line numbers change with every edit of the file"),
            new Rule("([a-zA-Z][a-zA-Z0-9_.]++)\\+0x[0-9a-z]++/0x[0-9a-z]++", "+0x", "$1",
                    "offsets into a function change with every build"),
            new Rule("CPU#\\d++", "CPU#", "CPU", "which CPU hit it is incidental"),
            new Rule("(\\W)\\d++(\\W|$)", null, "$1NUM$2", "counts, ids and sizes vary between occurrences"),
            new Rule("\\d{7,}+", null, "NUM",
                    "numbers inside names are kept (cfg80211), unless too long to be part of one"));

    private TitleNormalizer() {
    }

    public static String normalize(String title) {
        String t = title;
        for (Rule r : RULES) {
            for (String before = null; !t.equals(before); ) {
                before = t;
                t = r.pattern().replaceAll(t, r.replacement());
            }
        }
        return sanitize(t);
    }

    /**
     * A title as a person reads it: no normalisation, so it keeps the report's own numbers, but cut and
     * cleaned as a normalised one is ({@link #MAX_LENGTH} bytes, no control or non-ASCII bytes, spaces squeezed).
     */
    static String clean(String title) {
        return sanitize(title);
    }

    /**
     * Keeps the first {@link #MAX_LENGTH} bytes, less control and non-ASCII bytes (which still count),
     * with tabs as spaces and runs of spaces squeezed.
     */
    private static String sanitize(String title) {
        byte[] bytes = title.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(MAX_LENGTH);
        char previous = ' ';
        for (int i = 0; i < bytes.length && i < MAX_LENGTH; i++) {
            int b = bytes[i] & 0xff;
            char c = b == '\t' ? ' ' : (char) b;
            if (c < 0x20 || c >= 0x7f || c == ' ' && previous == ' ') {
                continue;
            }
            out.append(c);
            previous = c;
        }
        return out.toString().strip();
    }
}
