package org.koops.parse;

/**
 * Hexadecimal numbers read in place, as {@link Long#parseUnsignedLong(CharSequence, int, int, int)} reads them with
 * radix 16: a register dump's values and a frame's address are 16 digits, which that method reads in two steps with
 * a table lookup a digit; a run of at most 16 ASCII hexadecimal digits is read here in one loop, anything else
 * (empty, longer, a sign, another script's digits) by that method, so that the value or the exception is its own.
 */
final class HexDigits {
    private HexDigits() {
    }

    /** The number the hexadecimal digits {@code text[from, to)} print. */
    static long value(CharSequence text, int from, int to) {
        if (to - from < 1 || to - from > 16) {
            return Long.parseUnsignedLong(text, from, to, 16);
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = digit(text.charAt(i));
            if (d < 0) {
                return Long.parseUnsignedLong(text, from, to, 16);
            }
            v = v << 4 | d;
        }
        return v;
    }

    /** The number a whole string of hexadecimal digits prints. */
    static long value(String text) {
        return value(text, 0, text.length());
    }

    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
