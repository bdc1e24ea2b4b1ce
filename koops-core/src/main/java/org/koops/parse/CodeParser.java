package org.koops.parse;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.regex.Matcher;

import org.koops.format.GuardedPattern;
import org.koops.model.CodeBytes;
import org.koops.model.Damage;

/**
 * Reads {@code Code:} lines: x86 bytes with the trapping one in angle brackets ({@code <8b>}), arm64
 * words with the trapping one in parentheses ({@code (b9400000)}), Thumb half-words, and the
 * kernel's {@code Unable to access opcode bytes at ...} when it could not read the code.
 */
public final class CodeParser {
    /** What the kernel prints, after {@code Code: }, when it could not read the code. */
    private static final GuardedPattern UNAVAILABLE = GuardedPattern.starting(
            "^(Unable to access opcode bytes at .*|Bad RIP value\\.?)$", "Unable to access opcode bytes at ", "Bad RIP value");

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
        Matcher u = UNAVAILABLE.matches(body);
        if (u != null) {
            return new CodeBytes(new byte[0], -1, 1, userSpace, u.group(1), line);
        }
        // The tokens are read in place, between the blanks: a Code: line holds 64 of them.
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        int fault = -1;
        int unit = 0;
        int end = 0;
        while (end < body.length()) {
            int start = end;
            while (end < body.length() && !Whitespace.isSpace(body.charAt(end))) {
                end++;
            }
            int token = start;
            int tokenEnd = end;
            while (end < body.length() && Whitespace.isSpace(body.charAt(end))) {
                end++;
            }
            if (tokenEnd - token == 3 && body.startsWith("...", token)) {
                continue;
            }
            int from = digitsFrom(body, token, tokenEnd);
            if (from < 0) {
                damage.add(new Damage(line, "unreadable code byte \"" + body.substring(token, tokenEnd) + "\""));
                continue;
            }
            int to = digitsTo(body, token, tokenEnd);
            int width = (to - from) / 2;
            if (unit == 0) {
                unit = width;
            } else if (width != unit) {
                damage.add(new Damage(line, "code unit \"" + body.substring(token, tokenEnd)
                        + "\" has a different width; the line is cut or damaged"));
                continue;
            }
            if (body.charAt(token) == '<' || body.charAt(token) == '(') {
                fault = out.size();
            }
            long v = HexDigits.value(body, from, to);
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

    /**
     * The hexadecimal digits of a code unit ({@code 8b}, {@code <8b>}, {@code (b9400000)}): 2, 4 or 8 lower-case
     * digits, with an optional {@code <} or {@code (} before and {@code >} or {@code )} after; {@code null} for any
     * other token. Read by hand: a {@code Code:} line holds 64 tokens, too many for a matcher each.
     */
    static String unit(String token) {
        int from = digitsFrom(token, 0, token.length());
        return from < 0 ? null : token.substring(from, digitsTo(token, 0, token.length()));
    }

    /** Where the digits of the code unit {@code text[start, end)} begin, or -1 when it is none ({@link #unit}). */
    private static int digitsFrom(String text, int start, int end) {
        if (start == end) {
            return -1;
        }
        int from = text.charAt(start) == '<' || text.charAt(start) == '(' ? start + 1 : start;
        int to = digitsTo(text, start, end);
        int digits = to - from;
        if (digits != 2 && digits != 4 && digits != 8) {
            return -1;
        }
        for (int k = from; k < to; k++) {
            char c = text.charAt(k);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return -1;
            }
        }
        return from;
    }

    /** Where the digits of the code unit {@code text[start, end)} end: before a closing {@code >} or {@code )}. */
    private static int digitsTo(String text, int start, int end) {
        return end > start && (text.charAt(end - 1) == '>' || text.charAt(end - 1) == ')') ? end - 1 : end;
    }
}
