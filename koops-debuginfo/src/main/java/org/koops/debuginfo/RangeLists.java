package org.koops.debuginfo;

import static org.koops.debuginfo.DwarfCodes.*;

import java.util.Arrays;

/**
 * Reads the range list of a DW_AT_ranges attribute (DWARF 5 §2.17.3): in {@code .debug_ranges}
 * before DWARF 5, pairs of addresses relative to the unit's base address, with base-address
 * selection entries; in {@code .debug_rnglists} since, DW_RLE_* entries (§7.25).
 */
final class RangeLists {
    private RangeLists() {
    }

    /** The ranges as {start, end, start, end ...}, empty ranges dropped. */
    static long[] read(Unit unit, int form, long value) {
        if (unit.header.version() >= 5) {
            return rnglists(unit, form == DW_FORM_rnglistx ? unit.rangeListOffset(value) : value);
        }
        return debugRanges(unit, value);
    }

    private static long[] debugRanges(Unit unit, long offset) {
        Slice ranges = require(unit, unit.dwarf.ranges, ".debug_ranges");
        int size = unit.header.addressSize();
        long max = size == 8 ? -1L : (1L << 8 * size) - 1;
        Cursor c = new Cursor(ranges, ranges.index(offset, "range list offset"));
        long base = unit.baseAddress;
        Ranges out = new Ranges();
        while (true) {
            long start = c.unsigned(size);
            long end = c.unsigned(size);
            if (start == 0 && end == 0) {
                return out.toArray();
            }
            if (start == max) {
                base = end;
            } else {
                out.add(base + start, base + end);
            }
        }
    }

    private static long[] rnglists(Unit unit, long offset) {
        Slice lists = require(unit, unit.dwarf.rnglists, ".debug_rnglists");
        int size = unit.header.addressSize();
        Cursor c = new Cursor(lists, lists.index(offset, "range list offset"));
        long base = unit.baseAddress;
        Ranges out = new Ranges();
        while (true) {
            int kind = c.u8();
            switch (kind) {
                case DW_RLE_end_of_list -> {
                    return out.toArray();
                }
                case DW_RLE_base_addressx -> base = unit.indexedAddress(c.uleb());
                case DW_RLE_startx_endx -> {
                    long start = unit.indexedAddress(c.uleb());
                    out.add(start, unit.indexedAddress(c.uleb()));
                }
                case DW_RLE_startx_length -> {
                    long start = unit.indexedAddress(c.uleb());
                    out.add(start, start + c.uleb());
                }
                case DW_RLE_offset_pair -> {
                    long start = base + c.uleb();
                    out.add(start, base + c.uleb());
                }
                case DW_RLE_base_address -> base = c.unsigned(size);
                case DW_RLE_start_end -> {
                    long start = c.unsigned(size);
                    out.add(start, c.unsigned(size));
                }
                case DW_RLE_start_length -> {
                    long start = c.unsigned(size);
                    out.add(start, start + c.uleb());
                }
                default -> throw lists.invalid(c.pos - 1, "unknown range list entry kind 0x" + Integer.toHexString(kind));
            }
        }
    }

    private static Slice require(Unit unit, Slice section, String name) {
        if (section == null) {
            throw unit.dwarf.info.invalid(unit.header.offset(), "the unit uses " + name + " but the file has none");
        }
        return section;
    }

    /** A growable list of address pairs. */
    private static final class Ranges {
        private long[] pairs = new long[8];
        private int n;

        void add(long start, long end) {
            if (Long.compareUnsigned(start, end) >= 0) {
                return;
            }
            if (n == pairs.length) {
                pairs = Arrays.copyOf(pairs, n * 2);
            }
            pairs[n++] = start;
            pairs[n++] = end;
        }

        long[] toArray() {
            return Arrays.copyOf(pairs, n);
        }
    }
}
