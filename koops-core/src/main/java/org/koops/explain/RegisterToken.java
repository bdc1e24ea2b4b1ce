package org.koops.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code NAME: value} pair of a register line, e.g. {@code RSP: 0018:ffffab2380fafc70} (segment
 * first) or {@code FS:  0000707ead8db740(0000)} (selector after).
 *
 * @param digits the value as printed, whose width tells a selector ({@code 0010}) from a register
 * @param segment the selector printed with it, or null
 */
record RegisterToken(String name, String digits, long value, String segment) {
    private static final Pattern TOKEN = Pattern.compile(
            "(?<name>[A-Za-z][A-Za-z0-9_]{0,7}+)\\s?:\\s*+(?:(?<seg>[0-9a-f]{4}):)?(?<value>[0-9a-f]{4,16}+)(?:\\((?<sel>[0-9a-f]{4})\\))?");

    static List<RegisterToken> parse(String text) {
        List<RegisterToken> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            String seg = m.group("seg") != null ? m.group("seg") : m.group("sel");
            out.add(new RegisterToken(m.group("name"), m.group("value"), Hex.parse(m.group("value")), seg));
        }
        return out;
    }

    String hex() {
        return Hex.of(value);
    }
}
