package org.koops.debuginfo;

import static org.koops.debuginfo.DwarfCodes.*;

/**
 * Where a variable's value is at one pc, when it is a register: its DW_AT_location, a single
 * expression or a location list of {@code .debug_loclists} (DWARF 5 §2.6.2, §7.29) or
 * {@code .debug_loc} (DWARF 4 §2.6.2), reduced to "register {@code n} plus {@code addend}". Only
 * the expressions that say so exactly count: {@code DW_OP_regN} (the value is the register) and
 * {@code DW_OP_bregN k; DW_OP_stack_value} (the value is the register plus k). A value on the stack,
 * in memory, known at entry only ({@code DW_OP_entry_value}) or computed otherwise is not in a register.
 *
 * @param register the DWARF register number, or -1 when the value is somewhere else: in memory, on the
 *                 stack, known at entry only or computed
 * @param addend   what the value is more than the register
 */
record VariableLocation(int register, long addend) {
    /** A value that has a location at the pc, but not in a register. */
    static final VariableLocation ELSEWHERE = new VariableLocation(-1, 0);

    // §7.7.1 Table 7.9: the operations looked at.
    private static final int DW_OP_reg0 = 0x50;
    private static final int DW_OP_reg31 = 0x6f;
    private static final int DW_OP_breg0 = 0x70;
    private static final int DW_OP_breg31 = 0x8f;
    private static final int DW_OP_regx = 0x90;
    private static final int DW_OP_bregx = 0x92;
    private static final int DW_OP_piece = 0x93;
    private static final int DW_OP_stack_value = 0x9f;

    // §7.29 Table 7.31: location list entries; 0x09 is GCC's DW_LLE_GNU_view_pair.
    private static final int DW_LLE_end_of_list = 0x00;
    private static final int DW_LLE_base_addressx = 0x01;
    private static final int DW_LLE_startx_endx = 0x02;
    private static final int DW_LLE_startx_length = 0x03;
    private static final int DW_LLE_offset_pair = 0x04;
    private static final int DW_LLE_default_location = 0x05;
    private static final int DW_LLE_base_address = 0x06;
    private static final int DW_LLE_start_end = 0x07;
    private static final int DW_LLE_start_length = 0x08;
    private static final int DW_LLE_GNU_view_pair = 0x09;
    /** A location list of .debug_loc or .debug_loclists longer than this is damaged. */
    private static final int MAX_ENTRIES = 100_000;

    /**
     * The register holding {@code variable}'s value at {@code pc}, {@link #ELSEWHERE}, or {@code null}
     * when it has no location there (optimised out).
     */
    static VariableLocation at(DieAttributes variable, long pc, Slice loclists, Slice loc) {
        int at = DieAttributes.DW_AT_location;
        if (!variable.has(at)) {
            return null;
        }
        Unit unit = variable.unit;
        long length = variable.length(at);
        if (length >= 0) {
            return expression(unit.dwarf.info, (int) variable.value(at), length);
        }
        int form = variable.form(at);
        long offset = variable.value(at);
        if (unit.header.version() >= 5) {
            if (loclists == null) {
                throw unit.dwarf.info.invalid(variable.offset, "the variable has a location list but the file has no .debug_loclists");
            }
            if (form == DW_FORM_loclistx) {
                long base = loclistsBase(unit);
                int width = unit.header.offsetSize();
                offset = base + loclists.unsigned(loclists.index(base + offset * width, ".debug_loclists offset"), width);
            }
            return fromLoclists(unit, loclists, offset, pc);
        }
        if (loc == null) {
            throw unit.dwarf.info.invalid(variable.offset, "the variable has a location list but the file has no .debug_loc");
        }
        return fromLoc(unit, loc, offset, pc);
    }

    private static long loclistsBase(Unit unit) {
        DieAttributes root = DieAttributes.read(unit, unit.header.firstDie());
        long base = root.value(DieAttributes.DW_AT_loclists_base);
        return root.has(DieAttributes.DW_AT_loclists_base) ? base : unit.header.dwarf64() ? 20 : 12;
    }

    private static VariableLocation fromLoclists(Unit unit, Slice loclists, long offset, long pc) {
        Cursor c = new Cursor(loclists, loclists.index(offset, ".debug_loclists offset"));
        int addressSize = unit.header.addressSize();
        long base = unit.baseAddress;
        for (int n = 0; n < MAX_ENTRIES; n++) {
            int kind = c.u8();
            long start;
            long end;
            switch (kind) {
                case DW_LLE_end_of_list -> {
                    return null;
                }
                case DW_LLE_base_addressx -> {
                    base = unit.indexedAddress(c.uleb());
                    continue;
                }
                case DW_LLE_base_address -> {
                    base = c.unsigned(addressSize);
                    continue;
                }
                case DW_LLE_GNU_view_pair -> {
                    c.uleb();
                    c.uleb();
                    continue;
                }
                case DW_LLE_startx_endx -> {
                    start = unit.indexedAddress(c.uleb());
                    end = unit.indexedAddress(c.uleb());
                }
                case DW_LLE_startx_length -> {
                    start = unit.indexedAddress(c.uleb());
                    end = start + c.uleb();
                }
                case DW_LLE_offset_pair -> {
                    start = base + c.uleb();
                    end = base + c.uleb();
                }
                case DW_LLE_default_location -> {
                    start = 0;
                    end = -1;
                }
                case DW_LLE_start_end -> {
                    start = c.unsigned(addressSize);
                    end = c.unsigned(addressSize);
                }
                case DW_LLE_start_length -> {
                    start = c.unsigned(addressSize);
                    end = start + c.uleb();
                }
                default -> throw loclists.invalid(c.pos - 1, "unknown location list entry 0x" + Integer.toHexString(kind));
            }
            long length = c.uleb();
            int expression = c.pos;
            c.skip(length);
            if (Long.compareUnsigned(start, pc) <= 0 && Long.compareUnsigned(pc, end) < 0) {
                return expression(loclists, expression, length);
            }
        }
        throw loclists.invalid((int) offset, "location list of more than " + MAX_ENTRIES + " entries");
    }

    private static VariableLocation fromLoc(Unit unit, Slice loc, long offset, long pc) {
        Cursor c = new Cursor(loc, loc.index(offset, ".debug_loc offset"));
        int addressSize = unit.header.addressSize();
        long all = addressSize == 8 ? -1L : (1L << 8 * addressSize) - 1;
        long base = unit.baseAddress;
        for (int n = 0; n < MAX_ENTRIES; n++) {
            long start = c.unsigned(addressSize);
            long end = c.unsigned(addressSize);
            if (start == 0 && end == 0) {
                return null;
            }
            if (start == all) {
                base = end;
                continue;
            }
            int length = c.u16();
            int expression = c.pos;
            c.skip(length);
            if (Long.compareUnsigned(base + start, pc) <= 0 && Long.compareUnsigned(pc, base + end) < 0) {
                return expression(loc, expression, length);
            }
        }
        throw loc.invalid((int) offset, "location list of more than " + MAX_ENTRIES + " entries");
    }

    /** The register an expression says the value is, {@link #ELSEWHERE}, or {@code null} for an empty one. */
    static VariableLocation expression(Slice slice, int start, long length) {
        if (length <= 0) {
            return null;
        }
        Cursor c = new Cursor(slice, start);
        long end = start + length;
        int op = c.u8();
        if (op >= DW_OP_reg0 && op <= DW_OP_reg31 || op == DW_OP_regx) {
            int register = op == DW_OP_regx ? c.ulebInt("register") : op - DW_OP_reg0;
            // The whole value, or its first piece (a pointer held whole in the register).
            return c.pos == end || c.u8() == DW_OP_piece ? new VariableLocation(register, 0) : ELSEWHERE;
        }
        if (op >= DW_OP_breg0 && op <= DW_OP_breg31 || op == DW_OP_bregx) {
            int register = op == DW_OP_bregx ? c.ulebInt("register") : op - DW_OP_breg0;
            long addend = c.sleb();
            return c.pos < end && c.u8() == DW_OP_stack_value && c.pos == end ? new VariableLocation(register, addend)
                    : ELSEWHERE;
        }
        return ELSEWHERE;
    }
}
