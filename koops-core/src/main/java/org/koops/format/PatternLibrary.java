package org.koops.format;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The named pieces that report patterns are written with, so each row of the format table reads
 * like the kernel message it matches. {@code {{NAME}}} placeholders are expanded once, at start-up.
 * Every piece is a bounded character class or uses possessive quantifiers, so no pattern can
 * backtrack without bound on a hostile line.
 */
public final class PatternLibrary {
    private static final Map<String, String> PIECES = Map.ofEntries(
            // A hexadecimal address, with or without 0x, 8 to 16 digits.
            Map.entry("ADDR", "(?:0x)?[0-9a-fA-F]{8,16}+"),
            // Any hexadecimal number.
            Map.entry("HEX", "(?:0x)?[0-9a-fA-F]++"),
            // A kernel symbol: C identifiers plus the dots of .cold/.isra.0/.constprop.0 clones.
            Map.entry("SYM", "[A-Za-z0-9_.$]++"),
            // func+0x12/0x34 with the function captured as the frame.
            Map.entry("FUNC", "(?<frame>[A-Za-z0-9_.$]++)\\+0x[0-9a-f]++(?:/0x[0-9a-f]++)?+"),
            // The [<ffffffff81234567>] address of old traces.
            Map.entry("PC", "\\[<?(?:0x)?[0-9a-fA-F]++>?\\]"),
            // A source location such as fs/ext4/inode.c:123.
            Map.entry("SRC", "[A-Za-z0-9_./\\-]++:\\d++"),
            // A decimal number.
            Map.entry("NUM", "\\d++"),
            // A function name where a title takes it from: captured, followed by +0x.. or a .clone suffix.
            // The look-behind starts it at the start of a name, so a long run of letters is read once.
            Map.entry("FN", "(?<![A-Za-z0-9_])([A-Za-z0-9_]++)[.+]"),
            // A source location for a title, captured: dot-separated path parts, a lower-case extension, a line.
            Map.entry("LOC", "(?<![A-Za-z0-9_./\\-])((?:[A-Za-z0-9_/\\-]*+\\.)++[a-z]++:\\d++)"));

    private PatternLibrary() {
    }

    /** Expands {@code {{NAME}}} placeholders and compiles the result. */
    public static Pattern compile(String template) {
        return Pattern.compile(expand(template));
    }

    /** The same, with {@link Pattern} flags. */
    public static Pattern compile(String template, int flags) {
        return Pattern.compile(expand(template), flags);
    }

    static String expand(String template) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int open = template.indexOf("{{", at);
            if (open < 0) {
                return out.append(template, at, template.length()).toString();
            }
            int close = template.indexOf("}}", open);
            String name = template.substring(open + 2, close);
            String piece = PIECES.get(name);
            if (piece == null) {
                throw new IllegalArgumentException("unknown pattern piece {{" + name + "}} in " + template);
            }
            out.append(template, at, open).append(piece);
            at = close + 2;
        }
    }
}
