package org.koops.explain;

/** Hex parsing and formatting in the kernel's notation. */
final class Hex {
    private Hex() {
    }

    /** Parses unsigned hex with or without {@code 0x}. */
    static long parse(String text) {
        String s = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        return Long.parseUnsignedLong(s, 16);
    }

    /** {@code 0x} and the lower-case digits without leading zeros, as {@code %#lx} prints. */
    static String of(long value) {
        return "0x" + Long.toHexString(value);
    }

    /** A signed distance as {@code + 0x18} or {@code - 0x8}. */
    static String offset(long delta) {
        return delta < 0 ? "- " + of(-delta) : "+ " + of(delta);
    }
}
