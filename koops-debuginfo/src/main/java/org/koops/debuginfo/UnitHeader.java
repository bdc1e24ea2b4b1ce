package org.koops.debuginfo;

import static org.koops.debuginfo.DwarfCodes.DW_UT_compile;
import static org.koops.debuginfo.DwarfCodes.DW_UT_skeleton;
import static org.koops.debuginfo.DwarfCodes.DW_UT_split_compile;
import static org.koops.debuginfo.DwarfCodes.DW_UT_split_type;
import static org.koops.debuginfo.DwarfCodes.DW_UT_type;

/**
 * The header of one unit of {@code .debug_info} (DWARF 5 §7.5.1; DWARF 2–4 §7.5.1.1): its extent,
 * format and the abbreviation table its DIEs use.
 *
 * @param offset       offset of the unit in .debug_info
 * @param end          offset just past the unit
 * @param dwarf64      the 64-bit DWARF format (§7.4): offsets are 8 bytes
 * @param unitType     DW_UT_*; units before DWARF 5 are compile units
 * @param abbrevOffset offset of its abbreviation table in .debug_abbrev
 * @param addressSize  size of a target address
 * @param firstDie     offset of its first DIE, just past the header
 */
record UnitHeader(int offset, int end, boolean dwarf64, int version, int unitType, long abbrevOffset,
                  int addressSize, int firstDie) {

    /** Reads the header of the unit at {@code offset}; its length must lie within the section. */
    static UnitHeader read(Slice info, int offset) {
        Cursor c = new Cursor(info, offset);
        long length = c.u32();
        boolean dwarf64 = false;
        if (length == 0xffff_ffffL) {
            dwarf64 = true;
            length = c.u64();
        } else if (length >= 0xffff_fff0L) {
            throw info.invalid(offset, "reserved unit length 0x" + Long.toHexString(length));
        }
        if (length < 0 || length > Integer.MAX_VALUE) {
            throw info.invalid(offset, "unit length 0x" + Long.toUnsignedString(length, 16) + " is too large");
        }
        info.check(c.pos, (int) length);
        int end = c.pos + (int) length;
        int version = c.u16();
        if (version < 2 || version > 5) {
            throw new UncheckedDebugInfoException(DebugInfoException.unsupported(info.where(), offset,
                    "DWARF version " + version + " (2 to 5 are read)"));
        }
        int unitType = DW_UT_compile;
        long abbrevOffset;
        int addressSize;
        if (version >= 5) {
            unitType = c.u8();
            addressSize = c.u8();
            abbrevOffset = dwarf64 ? c.u64() : c.u32();
            switch (unitType) {
                case DW_UT_skeleton, DW_UT_split_compile -> c.skip(8);
                case DW_UT_type, DW_UT_split_type -> c.skip(8 + (dwarf64 ? 8 : 4));
                default -> { }
            }
        } else {
            abbrevOffset = dwarf64 ? c.u64() : c.u32();
            addressSize = c.u8();
        }
        if (addressSize != 2 && addressSize != 4 && addressSize != 8) {
            throw info.invalid(offset, "address size " + addressSize);
        }
        if (c.pos > end) {
            throw info.invalid(offset, "unit length 0x" + Long.toHexString(length) + " is shorter than its header");
        }
        return new UnitHeader(offset, end, dwarf64, version, unitType, abbrevOffset, addressSize, c.pos);
    }

    int offsetSize() {
        return dwarf64 ? 8 : 4;
    }

    /** DW_FORM_ref_addr is address-sized in DWARF 2 and offset-sized since DWARF 3 (§7.5.5). */
    int refAddrSize() {
        return version == 2 ? addressSize : offsetSize();
    }
}
