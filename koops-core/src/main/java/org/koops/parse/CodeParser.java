package org.koops.parse;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.model.CodeBytes;
import org.koops.model.Damage;

/**
 * Reads {@code Code:} lines: x86 bytes with the trapping one in angle brackets ({@code <8b>}), arm64
 * words with the trapping one in parentheses ({@code (b9400000)}), Thumb half-words, and the
 * kernel's {@code Unable to access opcode bytes at ...} when it could not read the code.
 */
public final class CodeParser {
    private static final Pattern UNAVAILABLE = Pattern.compile("^Code: (Unable to access opcode bytes at .*|Bad RIP value\\.?)$");
    private static final Pattern UNIT = Pattern.compile("^[<(]?([0-9a-f]{2}|[0-9a-f]{4}|[0-9a-f]{8})[>)]?$");

    private CodeParser() {
    }

    /**
     * Reads one {@code Code:} line given on its own (with or without its log prefix); damaged tokens
     * are left out and listed in {@code damage}.
     */
    public static CodeBytes parse(String text, List<Damage> damage) {
        int at = text.indexOf("Code:");
        if (at < 0) {
            throw new IllegalArgumentException("not a Code: line: " + text.strip());
        }
        return parse(text.substring(at), 0, false, damage);
    }

    static boolean isCode(String text) {
        return text.stripLeading().startsWith("Code: ");
    }

    /** Parses a Code line; damaged tokens (a cut last byte) are reported and left out. */
    static CodeBytes parse(String text, long line, boolean userSpace, List<Damage> damage) {
        String body = text.stripLeading().substring("Code:".length()).strip();
        Matcher u = UNAVAILABLE.matcher("Code: " + body);
        if (u.matches()) {
            return new CodeBytes(new byte[0], -1, 1, userSpace, u.group(1), line);
        }
        String[] tokens = Whitespace.split(body);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int fault = -1;
        int unit = 0;
        Matcher m = UNIT.matcher(""); // one for all the line's tokens: a Code: line holds 64 of them
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            if (t.isEmpty() || t.equals("...")) {
                continue;
            }
            if (!m.reset(t).matches()) {
                damage.add(new Damage(line, "unreadable code byte \"" + t + "\""));
                continue;
            }
            String hex = m.group(1);
            if (unit == 0) {
                unit = hex.length() / 2;
            } else if (hex.length() / 2 != unit) {
                damage.add(new Damage(line, "code unit \"" + t + "\" has a different width; the line is cut or damaged"));
                continue;
            }
            if (t.startsWith("<") || t.startsWith("(")) {
                fault = out.size();
            }
            long v = Long.parseUnsignedLong(hex, 16);
            for (int b = 0; b < unit; b++) {
                out.write((int) (v >>> (8 * b)) & 0xff); // words are printed as numbers: store them little-endian
            }
        }
        byte[] bytes = out.toByteArray();
        if (unit == 1) {
            return new CodeBytes(bytes, fault, 1, userSpace, null, line);
        }
        return new CodeBytes(bytes, fault, Math.max(unit, 1), userSpace, null, line);
    }
}
