package org.koops.debuginfo;

import static org.koops.debuginfo.DwarfCodes.*;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The abbreviation declarations at one offset of {@code .debug_abbrev} (DWARF 5 §7.5.3): a series
 * of (code, tag, children flag, (attribute, form[, implicit constant])..., 0, 0) ended by code 0.
 * Codes are usually 1, 2, 3 ..., so they index an array; other codes go to a map. The sizes of
 * values depend on the unit's address and offset sizes, so a table is read for one unit format.
 */
final class AbbreviationTable {
    /** Codes above this go to the map, so a hostile code cannot make a huge array. */
    private static final int DENSE_LIMIT = 4096;

    private final Abbreviation[] dense;
    private final Map<Long, Abbreviation> sparse;

    private AbbreviationTable(Abbreviation[] dense, Map<Long, Abbreviation> sparse) {
        this.dense = dense;
        this.sparse = sparse;
    }

    static AbbreviationTable read(Slice abbrev, long offset, UnitHeader format) {
        Cursor c = new Cursor(abbrev, abbrev.index(offset, "abbreviation table offset"));
        Abbreviation[] dense = new Abbreviation[64];
        Map<Long, Abbreviation> sparse = new HashMap<>();
        int[] attributes = new int[16];
        int[] forms = new int[16];
        long[] consts = new long[16];
        while (true) {
            long code = c.uleb();
            if (code == 0) {
                break;
            }
            int tag = c.ulebInt("tag");
            boolean children = c.u8() != 0;
            int n = 0;
            while (true) {
                long attribute = c.uleb();
                long form = c.uleb();
                if (attribute == 0 && form == 0) {
                    break;
                }
                if (n == attributes.length) {
                    attributes = Arrays.copyOf(attributes, n * 2);
                    forms = Arrays.copyOf(forms, n * 2);
                    consts = Arrays.copyOf(consts, n * 2);
                }
                attributes[n] = (int) Math.min(attribute, Integer.MAX_VALUE);
                forms[n] = (int) Math.min(form, Integer.MAX_VALUE);
                consts[n++] = form == DW_FORM_implicit_const ? c.sleb() : 0;
            }
            Abbreviation a = layout(tag, children, Arrays.copyOf(attributes, n), Arrays.copyOf(forms, n),
                    Arrays.copyOf(consts, n), format);
            if (code > 0 && code < DENSE_LIMIT) {
                if (code >= dense.length) {
                    dense = Arrays.copyOf(dense, (int) Math.max(code + 1, dense.length * 2L));
                }
                dense[(int) code] = a;
            } else {
                sparse.put(code, a);
            }
        }
        return new AbbreviationTable(dense, sparse);
    }

    private static Abbreviation layout(int tag, boolean children, int[] attributes, int[] forms, long[] consts,
                                       UnitHeader format) {
        int size = 0;
        int siblingAt = -1;
        int siblingForm = 0;
        boolean hasPc = false;
        for (int i = 0; i < attributes.length; i++) {
            hasPc |= attributes[i] == DW_AT_low_pc || attributes[i] == DW_AT_ranges;
            if (attributes[i] == DW_AT_sibling && size >= 0) {
                siblingAt = size;
                siblingForm = forms[i];
            }
            int width = fixedWidth(forms[i], format);
            size = size < 0 || width < 0 ? -1 : size + width;
        }
        return new Abbreviation(tag, children, attributes, forms, consts, size, siblingAt, siblingForm, hasPc);
    }

    /** The size of a value of {@code form} (§7.5.6), or -1 if it varies. */
    private static int fixedWidth(int form, UnitHeader format) {
        return switch (form) {
            case DW_FORM_flag_present, DW_FORM_implicit_const -> 0;
            case DW_FORM_data1, DW_FORM_ref1, DW_FORM_flag, DW_FORM_strx1, DW_FORM_addrx1 -> 1;
            case DW_FORM_data2, DW_FORM_ref2, DW_FORM_strx2, DW_FORM_addrx2 -> 2;
            case DW_FORM_strx3, DW_FORM_addrx3 -> 3;
            case DW_FORM_data4, DW_FORM_ref4, DW_FORM_ref_sup4, DW_FORM_strx4, DW_FORM_addrx4 -> 4;
            case DW_FORM_data8, DW_FORM_ref8, DW_FORM_ref_sig8, DW_FORM_ref_sup8 -> 8;
            case DW_FORM_data16 -> 16;
            case DW_FORM_addr -> format.addressSize();
            case DW_FORM_strp, DW_FORM_line_strp, DW_FORM_sec_offset, DW_FORM_strp_sup, DW_FORM_GNU_ref_alt,
                 DW_FORM_GNU_strp_alt -> format.offsetSize();
            case DW_FORM_ref_addr -> format.refAddrSize();
            default -> -1;
        };
    }

    /** The declaration for {@code code}, or {@code null}. */
    Abbreviation get(long code) {
        return code > 0 && code < dense.length ? dense[(int) code] : sparse.get(code);
    }
}
