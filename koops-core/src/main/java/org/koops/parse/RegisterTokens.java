package org.koops.parse;

/**
 * The named values of a register row ({@code RAX: ffffffffc0a00040 RBX: 0000000000000000}, {@code FS:
 * 00007f3b2c7e6740(0000)}, {@code RSP: 0018:ffffb4e0c1c8fd48}, {@code r10: 0000ff00  r9 : 00000020}), found one
 * after the other as a matcher's {@code find()} would find {@link #PATTERN}, but read by hand: a register dump is
 * a dozen such rows, and the matcher tried the name's pattern at every character of each.
 */
final class RegisterTokens {
    /** What a token is: the specification of this reader, to which the tests hold it. */
    static final String PATTERN = "(?<name>[A-Za-z][A-Za-z0-9_]{0,7}) {0,5}+:\\s*(?:(?<seg>[0-9a-f]{4}):)?"
            + "(?<value>[0-9a-f]{4,16}+)(?:\\((?<sel>[0-9a-f]{4})\\))?";

    private final String text;
    private int next;
    private int nameStart;
    private int nameEnd;
    private int segment;
    private int valueStart;
    private int valueEnd;
    private int end;

    RegisterTokens(String text) {
        this.text = text;
    }

    /** Finds the next token; returns whether there was one. */
    boolean find() {
        for (int p = next; p < text.length(); p++) {
            if (isLetter(text.charAt(p)) && readAt(p)) {
                next = end;
                return true;
            }
        }
        next = text.length();
        return false;
    }

    /** Whether a token starts at {@code p}, a letter. */
    private boolean readAt(int p) {
        // The name's class holds neither a blank nor a colon: only its longest reading can be followed by them.
        int q = p + 1;
        while (q < text.length() && q - p < 8 && isNameChar(text.charAt(q))) {
            q++;
        }
        int colon = q;
        while (colon < text.length() && colon - q < 5 && text.charAt(colon) == ' ') {
            colon++;
        }
        if (colon == text.length() || text.charAt(colon) != ':') {
            return false;
        }
        // Giving back white space leaves a blank where a digit must be: the longest run is the only reading.
        int w = colon + 1;
        while (w < text.length() && Whitespace.isSpace(text.charAt(w))) {
            w++;
        }
        int value = -1;
        segment = -1;
        if (hexRun(w, 4) == 4 && w + 4 < text.length() && text.charAt(w + 4) == ':' && hexRun(w + 5, 16) >= 4) {
            segment = w;
            value = w + 5;
        } else if (hexRun(w, 16) >= 4) {
            value = w;
        }
        if (value < 0) {
            return false;
        }
        nameStart = p;
        nameEnd = q;
        valueStart = value;
        valueEnd = value + hexRun(value, 16);
        end = valueEnd;
        if (segment < 0 && end < text.length() && text.charAt(end) == '(' && hexRun(end + 1, 4) == 4
                && end + 5 < text.length() && text.charAt(end + 5) == ')') {
            segment = end + 1; // the selector after the value: FS: 00007f3b2c7e6740(0000)
            end += 6;
        } else if (segment >= 0 && end < text.length() && text.charAt(end) == '(' && hexRun(end + 1, 4) == 4
                && end + 5 < text.length() && text.charAt(end + 5) == ')') {
            end += 6; // a selector after a segment's value is matched but not kept
        }
        return true;
    }

    /** The number of hexadecimal digits from {@code from}, at most {@code max}. */
    private int hexRun(int from, int max) {
        int i = from;
        while (i < text.length() && i - from < max && isHex(text.charAt(i))) {
            i++;
        }
        return i - from;
    }

    String name() {
        return text.substring(nameStart, nameEnd);
    }

    long value() {
        return HexDigits.value(text, valueStart, valueEnd);
    }

    /** The segment before the value, else the selector after it, else {@code null}. */
    String segment() {
        return segment < 0 ? null : text.substring(segment, segment + 4);
    }

    int start() {
        return nameStart;
    }

    int end() {
        return end;
    }

    private static boolean isLetter(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    private static boolean isNameChar(char c) {
        return isLetter(c) || c >= '0' && c <= '9' || c == '_';
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
    }
}
