package org.koops.format;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Makes titles of the same bug equal across machines and runs: addresses, numbers, line numbers and
 * the like are replaced by fixed words. Each rule is data with the reason it exists.
 */
public final class TitleNormalizer {
    /** Longest title kept, as on syzkaller's dashboard. */
    public static final int MAX_LENGTH = 120;

    private record Rule(Pattern pattern, String replacement, String reason) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("([A-Za-z0-9_.$]++)\\+0x[0-9a-f]++(?:/0x[0-9a-f]++)?+"), "$1",
                    "offsets into a function change with every build"),
            new Rule(Pattern.compile("([A-Za-z0-9_\\-/.]++\\.(?:c|h|rs|S|cc)):\\d++"), "$1:LINE",
                    "line numbers change with every edit of the file"),
            new Rule(Pattern.compile("\\b(?:0x)?[0-9a-fA-F]{6,}+\\b"), "ADDR",
                    "addresses differ between boots (KASLR) and machines"),
            new Rule(Pattern.compile("\\b\\d{1,3}+\\.\\d{1,3}+\\.\\d{1,3}+\\.\\d{1,3}+\\b"), "IP",
                    "IPv4 addresses differ between test machines"),
            new Rule(Pattern.compile("CPU#\\d++"), "CPU", "which CPU hit it is incidental"),
            new Rule(Pattern.compile("syz-executor\\.?\\d++"), "syz-executor", "executor instance numbers are incidental"),
            new Rule(Pattern.compile("\\b\\d++\\b"), "NUM", "counts, ids and sizes vary between occurrences"));

    private static final Pattern SPACES = Pattern.compile("\\s{2,}+");

    private TitleNormalizer() {
    }

    public static String normalize(String title) {
        String t = stripUnprintable(title);
        for (Rule r : RULES) {
            t = r.pattern().matcher(t).replaceAll(r.replacement());
        }
        t = SPACES.matcher(t).replaceAll(" ").trim();
        return t.length() > MAX_LENGTH ? t.substring(0, MAX_LENGTH) : t;
    }

    private static String stripUnprintable(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else if (c == '\t') {
                out.append(' ');
            }
        }
        return out.toString();
    }
}
