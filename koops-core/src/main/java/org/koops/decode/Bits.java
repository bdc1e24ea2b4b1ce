package org.koops.decode;

/** Bit-field arithmetic and hex formatting shared by the register decoders. */
final class Bits {
    private Bits() {
    }

    /** The {@code width}-bit field of {@code value} that starts at bit {@code lsb}. */
    static long field(long value, int lsb, int width) {
        return (value >>> lsb) & ((1L << width) - 1);
    }

    static boolean isSet(long value, int bit) {
        return ((value >>> bit) & 1) != 0;
    }

    /** {@code 0x} followed by the lower-case hex digits, as the kernel prints with {@code %#lx}. */
    static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }

    /** A signed offset as {@code + 0x68} or {@code - 0x10}. */
    static String signedOffset(long offset) {
        return offset < 0 ? "- " + hex(-offset) : "+ " + hex(offset);
    }
}
