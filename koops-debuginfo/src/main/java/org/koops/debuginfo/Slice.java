package org.koops.debuginfo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A byte-order-aware, bounds-checked view of one part of a file (a header, a table, a section).
 * Reads are absolute and return unsigned values widened explicitly: {@code u8}/{@code u16} as int,
 * {@code u32} as long; {@code u64} returns the raw 64 bits, to be compared with
 * {@link Long#compareUnsigned} and narrowed with {@link #index}.
 *
 * <p>A slice the file ended before is <em>clipped</em>: reads within the part that exists work, and a
 * read beyond it is reported as {@link DebugInfoException.Kind#TRUNCATED} rather than invalid.
 */
final class Slice {
    private final ByteBuffer buf;
    private final int size;
    private final long declaredSize;
    private final String where;

    Slice(ByteBuffer buf, long declaredSize, String where) {
        this.buf = buf.duplicate().order(buf.order());
        this.size = buf.remaining();
        this.declaredSize = declaredSize;
        this.where = where;
    }

    static Slice of(byte[] bytes, ByteOrder order, String where) {
        return new Slice(ByteBuffer.wrap(bytes).order(order), bytes.length, where);
    }

    int size() {
        return size;
    }

    ByteOrder order() {
        return buf.order();
    }

    String where() {
        return where;
    }

    boolean clipped() {
        return declaredSize > size;
    }

    int u8(int pos) {
        check(pos, 1);
        return Byte.toUnsignedInt(buf.get(pos));
    }

    int u16(int pos) {
        check(pos, 2);
        return Short.toUnsignedInt(buf.getShort(pos));
    }

    int u24(int pos) {
        check(pos, 3);
        int b0 = Byte.toUnsignedInt(buf.get(pos));
        int b1 = Byte.toUnsignedInt(buf.get(pos + 1));
        int b2 = Byte.toUnsignedInt(buf.get(pos + 2));
        return buf.order() == ByteOrder.LITTLE_ENDIAN ? b0 | b1 << 8 | b2 << 16 : b0 << 16 | b1 << 8 | b2;
    }

    long u32(int pos) {
        check(pos, 4);
        return Integer.toUnsignedLong(buf.getInt(pos));
    }

    long u64(int pos) {
        check(pos, 8);
        return buf.getLong(pos);
    }

    /** An unsigned value of 1, 2, 4 or 8 bytes (an address or an offset of the file's width). */
    long unsigned(int pos, int width) {
        return switch (width) {
            case 1 -> u8(pos);
            case 2 -> u16(pos);
            case 4 -> u32(pos);
            case 8 -> u64(pos);
            default -> throw invalid(pos, "unsupported value width " + width);
        };
    }

    /** The NUL-terminated string at {@code pos}. */
    String cstring(int pos) {
        int end = terminator(pos);
        byte[] bytes = new byte[end - pos];
        buf.get(pos, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * The string at {@code pos}, up to its NUL or, in a table cut short, the slice's end: a symbol's name is
     * read lazily, long after the table was checked, and a damaged last name is still the best name there is.
     */
    String cstringOrRest(int pos) {
        check(pos, 1);
        int end = nulOrEnd(pos);
        byte[] bytes = new byte[end - pos];
        buf.get(pos, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The position of the NUL that ends the string at {@code pos}. */
    int terminator(int pos) {
        check(pos, 1);
        int end = nulOrEnd(pos);
        if (end == size) {
            throw beyond(pos, end - pos + 1, "string without its terminating NUL");
        }
        return end;
    }

    private int nulOrEnd(int pos) {
        int end = pos;
        while (end < size && buf.get(end) != 0) {
            end++;
        }
        return end;
    }

    byte[] bytes(int pos, int length) {
        check(pos, length);
        byte[] bytes = new byte[length];
        buf.get(pos, bytes);
        return bytes;
    }

    /** The part {@code [pos, pos + length)}; clipped if this slice is and the part reaches the cut. */
    Slice slice(int pos, long length, String name) {
        if (pos < 0 || pos > size) {
            throw beyond(pos, 0, name + " starts outside " + where);
        }
        if (length < 0 || length > declaredSize - pos) {
            throw invalid(pos, name + " of 0x" + Long.toHexString(length) + " bytes extends past the end of " + where);
        }
        int available = (int) Math.min(length, size - pos);
        return new Slice(buf.slice(pos, available).order(buf.order()), length, name);
    }

    /** A copy on the heap: relocations write to it, and an array decodes faster than a mapping. */
    Slice heapCopy() {
        requireHeap(size, where);
        byte[] copy = new byte[size];
        buf.get(0, copy);
        return new Slice(ByteBuffer.wrap(copy).order(buf.order()), declaredSize, where);
    }

    /** This slice if its bytes are on the heap already (relocated, decompressed), else a {@link #heapCopy}. */
    Slice onHeap() {
        return buf.hasArray() ? this : heapCopy();
    }

    void putUnsigned(int pos, int width, long value) {
        check(pos, width);
        switch (width) {
            case 2 -> buf.putShort(pos, (short) value);
            case 4 -> buf.putInt(pos, (int) value);
            case 8 -> buf.putLong(pos, value);
            default -> throw invalid(pos, "unsupported value width " + width);
        }
    }

    /**
     * Fails before allocating {@code bytes} on the heap when that would take more than half of it:
     * a section is copied or decompressed whole, and a hostile size must not end in an OutOfMemoryError.
     */
    static void requireHeap(long bytes, String where) {
        long limit = Runtime.getRuntime().maxMemory() / 2;
        if (bytes > limit) {
            throw new UncheckedDebugInfoException(DebugInfoException.unsupported(where, 0, "0x" + Long.toHexString(bytes)
                    + " bytes would take more than half the Java heap (-Xmx" + (Runtime.getRuntime().maxMemory() >> 20) + "m)"));
        }
    }

    /** Narrows a value read from the file to an index into this slice, or fails naming it. */
    int index(long value, String what) {
        if (value < 0 || value > size) {
            throw beyond(0, 0, what + " 0x" + Long.toHexString(value) + " is outside " + where
                    + " (0x" + Long.toHexString(size) + " bytes)");
        }
        return (int) value;
    }

    void check(int pos, int length) {
        if (pos < 0 || length < 0 || pos > size - length) {
            throw beyond(pos, length, "needs " + length + " bytes, " + where + " has 0x" + Long.toHexString(size));
        }
    }

    UncheckedDebugInfoException invalid(int pos, String message) {
        return new UncheckedDebugInfoException(DebugInfoException.invalid(where, pos, message));
    }

    /** Past the end: truncated when the file ended early, else the data points outside its part. */
    private UncheckedDebugInfoException beyond(int pos, int length, String message) {
        boolean cut = clipped() && pos >= 0 && (long) pos + length <= declaredSize;
        return new UncheckedDebugInfoException(cut
                ? DebugInfoException.truncated(where, pos, "the file ends here; " + message)
                : DebugInfoException.invalid(where, pos, message));
    }
}
