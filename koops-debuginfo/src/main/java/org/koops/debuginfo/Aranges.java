package org.koops.debuginfo;

import java.util.function.IntUnaryOperator;

/**
 * Reads {@code .debug_aranges} (DWARF 5 §6.1.2): per unit, a header naming the unit's offset in
 * {@code .debug_info}, then (address, length) pairs, aligned to twice the address size from the
 * start of the set and ended by (0, 0). It is the fast way from an address to its unit.
 */
final class Aranges {
    private Aranges() {
    }

    /**
     * Paints each set's ranges with its unit's index, as {@code unitIndex} maps a .debug_info
     * offset to one (negative for no unit, painted as it is); marks the units covered in {@code covered}.
     */
    static void paint(Slice aranges, IntUnaryOperator unitIndex, AddressMap.Painter painter, boolean[] covered) {
        int pos = 0;
        while (pos < aranges.size()) {
            Cursor c = new Cursor(aranges, pos);
            long length = c.u32();
            boolean dwarf64 = false;
            if (length == 0xffff_ffffL) {
                dwarf64 = true;
                length = c.u64();
            }
            if (length < 0 || length > aranges.size() - c.pos) {
                aranges.check(c.pos, (int) Math.min(Math.max(length, 0), Integer.MAX_VALUE));
            }
            int end = c.pos + (int) length;
            c.u16(); // version 2: the layout has not changed since DWARF 2
            long infoOffset = dwarf64 ? c.u64() : c.u32();
            int addressSize = c.u8();
            int segmentSize = c.u8();
            if (addressSize != 2 && addressSize != 4 && addressSize != 8) {
                throw aranges.invalid(pos, "address size " + addressSize);
            }
            int tuple = 2 * addressSize;
            int header = c.pos - pos;
            c.pos = pos + (header + tuple - 1) / tuple * tuple;
            int unit = unitIndex.applyAsInt((int) Math.min(infoOffset, Integer.MAX_VALUE));
            while (c.pos + segmentSize + tuple <= end) {
                c.skip(segmentSize);
                long start = c.unsigned(addressSize);
                long size = c.unsigned(addressSize);
                // (0, 0) ends the set; producers also leave such pairs for discarded code, so read on.
                if (unit != AddressMap.NONE && size != 0) {
                    painter.paint(start, start + size, unit);
                }
                if (unit >= 0) {
                    covered[unit] = true;
                }
            }
            pos = end;
        }
    }
}
