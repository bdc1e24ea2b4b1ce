package org.koops.debuginfo;

import static org.koops.debuginfo.DwarfCodes.*;

import java.util.Arrays;

/**
 * Every attribute of one DIE with its form and raw value, for the few DIEs whose variables and
 * types are looked at (the DIEs of symbolising use the leaner {@link Die}). A block or expression
 * value is its start in {@code .debug_info} with its {@link #length}.
 */
final class DieAttributes {
    /** DWARF 5 §7.5.4 Table 7.5: the attributes of variables and types. */
    static final int DW_AT_location = 0x02;
    static final int DW_AT_byte_size = 0x0b;
    static final int DW_AT_upper_bound = 0x2f;
    static final int DW_AT_count = 0x37;
    static final int DW_AT_data_member_location = 0x38;
    static final int DW_AT_declaration = 0x3c;
    static final int DW_AT_type = 0x49;
    static final int DW_AT_data_bit_offset = 0x6b;
    static final int DW_AT_loclists_base = 0x8c;

    final Unit unit;
    final int offset;
    final int tag;
    final boolean hasChildren;
    private int count;
    private int[] names = new int[12];
    private int[] forms = new int[12];
    private long[] values = new long[12];
    private long[] lengths = new long[12];

    private DieAttributes(Unit unit, int offset, int tag, boolean hasChildren) {
        this.unit = unit;
        this.offset = offset;
        this.tag = tag;
        this.hasChildren = hasChildren;
    }

    /** The DIE at {@code offset} of {@code unit}; its tag is 0 for the null entry ending a list of children. */
    static DieAttributes read(Unit unit, int offset) {
        Slice info = unit.dwarf.info;
        Cursor c = new Cursor(info, offset);
        long code = c.uleb();
        if (code == 0) {
            return new DieAttributes(unit, offset, 0, false);
        }
        Abbreviation a = unit.dwarf.abbreviations(unit.header).get(code);
        if (a == null) {
            throw info.invalid(offset, "abbreviation code " + code + " is not in the table at .debug_abbrev 0x"
                    + Long.toHexString(unit.header.abbrevOffset()));
        }
        DieAttributes d = new DieAttributes(unit, offset, a.tag(), a.hasChildren());
        for (int i = 0; i < a.attributes().length; i++) {
            int form = a.forms()[i];
            while (form == DW_FORM_indirect) {
                form = c.ulebInt("indirect form");
            }
            long length = switch (form) {
                case DW_FORM_block1 -> c.u8();
                case DW_FORM_block2 -> c.u16();
                case DW_FORM_block4 -> c.u32();
                case DW_FORM_block, DW_FORM_exprloc -> c.uleb();
                default -> -1;
            };
            long value;
            if (length >= 0) {
                value = c.pos;
                c.skip(length);
            } else {
                value = unit.value(c, form, a.implicitConsts()[i]);
            }
            d.add(a.attributes()[i], form, value, length);
            if (c.pos > unit.header.end()) {
                throw info.invalid(offset, "DIE extends past the end of its unit at 0x" + Integer.toHexString(unit.header.end()));
            }
        }
        return d;
    }

    private void add(int name, int form, long value, long length) {
        if (count == names.length) {
            names = Arrays.copyOf(names, count * 2);
            forms = Arrays.copyOf(forms, count * 2);
            values = Arrays.copyOf(values, count * 2);
            lengths = Arrays.copyOf(lengths, count * 2);
        }
        names[count] = name;
        forms[count] = form;
        values[count] = value;
        lengths[count] = length;
        count++;
    }

    private int find(int name) {
        for (int i = 0; i < count; i++) {
            if (names[i] == name) {
                return i;
            }
        }
        return -1;
    }

    boolean has(int name) {
        return find(name) >= 0;
    }

    int form(int name) {
        int i = find(name);
        return i < 0 ? 0 : forms[i];
    }

    long value(int name) {
        int i = find(name);
        return i < 0 ? 0 : values[i];
    }

    /** The length of a block or expression value, -1 for other forms. */
    long length(int name) {
        int i = find(name);
        return i < 0 ? -1 : lengths[i];
    }

    /** Whether the value is a constant (not a block, reference or section offset). */
    boolean isConstant(int name) {
        return switch (form(name)) {
            case DW_FORM_data1, DW_FORM_data2, DW_FORM_data4, DW_FORM_data8, DW_FORM_sdata, DW_FORM_udata,
                 DW_FORM_implicit_const -> true;
            default -> false;
        };
    }

    /** A reference attribute as an absolute {@code .debug_info} offset, or -1. */
    long reference(int name) {
        int i = find(name);
        return i < 0 ? -1 : unit.reference(forms[i], values[i]);
    }

    String name() {
        int i = find(DW_AT_name);
        return i < 0 ? null : unit.string(forms[i], values[i]);
    }
}
