package org.koops.debuginfo;

/**
 * One abbreviation declaration (DWARF 5 §7.5.3): the tag, whether children follow, and the
 * attribute specifications every DIE using it is encoded with; plus what lets a reader step over
 * such a DIE without decoding it.
 *
 * @param implicitConsts the value of each DW_FORM_implicit_const attribute, stored here and not in the DIE
 * @param fixedSize      the size of the attribute values when every form has a fixed size in the unit's
 *                       format, else -1 (LEB128, strings and blocks vary)
 * @param siblingAt      where the DW_AT_sibling value starts after the abbreviation code, when it has
 *                       one and every value before it has a fixed size; else -1
 * @param siblingForm    the form of that DW_AT_sibling
 * @param hasPc          whether DIEs of this abbreviation can have code: a DW_AT_low_pc or DW_AT_ranges attribute
 */
record Abbreviation(int tag, boolean hasChildren, int[] attributes, int[] forms, long[] implicitConsts,
                    int fixedSize, int siblingAt, int siblingForm, boolean hasPc) {
}
