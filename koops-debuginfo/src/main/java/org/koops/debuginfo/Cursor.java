package org.koops.debuginfo;

/** A sequential reader over a {@link Slice}: DWARF is a stream of variable-length values. */
final class Cursor {
    final Slice slice;
    int pos;

    Cursor(Slice slice, int pos) {
        this.slice = slice;
        this.pos = pos;
    }

    boolean atEnd() {
        return pos >= slice.size();
    }

    int u8() {
        return slice.u8(pos++);
    }

    int u16() {
        int v = slice.u16(pos);
        pos += 2;
        return v;
    }

    int u24() {
        int v = slice.u24(pos);
        pos += 3;
        return v;
    }

    long u32() {
        long v = slice.u32(pos);
        pos += 4;
        return v;
    }

    long u64() {
        long v = slice.u64(pos);
        pos += 8;
        return v;
    }

    long unsigned(int width) {
        long v = slice.unsigned(pos, width);
        pos += width;
        return v;
    }

    /** ULEB128 (DWARF 5 §7.6); bits beyond 64 are dropped, as no field this reader uses needs them. */
    long uleb() {
        long result = 0;
        int shift = 0;
        int b;
        do {
            b = u8();
            if (shift < 64) {
                result |= (long) (b & 0x7f) << shift;
            }
            shift += 7;
        } while ((b & 0x80) != 0);
        return result;
    }

    long sleb() {
        long result = 0;
        int shift = 0;
        int b;
        do {
            b = u8();
            if (shift < 64) {
                result |= (long) (b & 0x7f) << shift;
            }
            shift += 7;
        } while ((b & 0x80) != 0);
        if (shift < 64 && (b & 0x40) != 0) {
            result |= -1L << shift;
        }
        return result;
    }

    /** A ULEB128 count or index that must fit an int, as array sizes and table indexes do. */
    int ulebInt(String what) {
        int at = pos;
        long v = uleb();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw slice.invalid(at, what + " 0x" + Long.toUnsignedString(v, 16) + " is too large");
        }
        return (int) v;
    }

    String cstring() {
        String s = slice.cstring(pos);
        pos = slice.terminator(pos) + 1;
        return s;
    }

    void skip(long length) {
        if (length < 0 || length > Integer.MAX_VALUE) {
            throw slice.invalid(pos, "cannot skip 0x" + Long.toUnsignedString(length, 16) + " bytes");
        }
        slice.check(pos, (int) length);
        pos += (int) length;
    }

    void skipCstring() {
        pos = slice.terminator(pos) + 1;
    }
}
