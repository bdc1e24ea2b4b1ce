package org.koops.debuginfo;

import static org.koops.debuginfo.DwarfCodes.*;

/**
 * One unit of {@code .debug_info} with what its DIEs need to be read: its header, its abbreviations
 * and the bases its root DIE sets for indexed forms (DWARF 5 §3.1.1: DW_AT_str_offsets_base,
 * DW_AT_addr_base, DW_AT_rnglists_base), plus its base address, compilation directory and line
 * table offset. Its line table and functions are decoded on first use and kept by {@link Dwarf},
 * which may drop them again to bound memory.
 */
final class Unit {
    final Dwarf dwarf;
    final UnitHeader header;
    final int index;
    /** Dropped with the decoded data when the unit leaves {@link Dwarf}'s cache; read again on demand. */
    private AbbreviationTable abbreviations;
    private final long strOffsetsBase;
    private final long addrBase;
    private final long rnglistsBase;
    /** DW_AT_low_pc of the root DIE: the base of DWARF 4 range lists and DWARF 5 offset pairs (§2.17.3). */
    final long baseAddress;
    final long stmtList;
    final String compDir;
    private final Die root = new Die();

    private LineTable lines;
    private UnitFunctions functions;
    private UncheckedDebugInfoException failure;

    Unit(Dwarf dwarf, UnitHeader header, int index) {
        this.dwarf = dwarf;
        this.header = header;
        this.index = index;
        // Bases are read before any indexed value of the root DIE is resolved: they may follow it.
        readDie(header.firstDie(), root);
        int headerSize = header.dwarf64() ? 16 : 8;
        this.strOffsetsBase = root.strOffsetsBase >= 0 ? root.strOffsetsBase : headerSize;
        this.addrBase = root.addrBase >= 0 ? root.addrBase : headerSize;
        this.rnglistsBase = root.rnglistsBase >= 0 ? root.rnglistsBase : headerSize + 4;
        this.baseAddress = root.lowPcForm != 0 ? address(root.lowPcForm, root.lowPc) : 0;
        this.stmtList = root.stmtList;
        this.compDir = string(root.compDirForm, root.compDir);
    }

    /** The root DIE (DW_TAG_compile_unit, _partial_unit, _skeleton_unit ...); shared, read-only. */
    Die root() {
        return root;
    }

    /** Decodes the DIE at {@code offset} into {@code die}. */
    void readDie(int offset, Die die) {
        readDie(offset, die, false);
    }

    /**
     * Decodes the DIE at {@code offset}; with {@code quick}, a DIE that cannot hold code (a type, a
     * variable, a declaration) and whose values all have fixed sizes is stepped over: only its tag,
     * children flag, next offset and sibling are set. Most DIEs of a unit are such.
     */
    void readDie(int offset, Die die, boolean quick) {
        Slice info = dwarf.info;
        Cursor c = die.cursor(info);
        c.pos = offset;
        die.offset = offset;
        long code = c.uleb();
        if (code == 0) {
            die.tag = 0;
            die.hasChildren = false;
            die.next = c.pos;
            return;
        }
        AbbreviationTable table = abbreviations;
        if (table == null) {
            table = abbreviations = dwarf.abbreviations(header);
        }
        Abbreviation a = table.get(code);
        if (a == null) {
            throw info.invalid(offset, "abbreviation code " + code + " is not in the table at .debug_abbrev 0x"
                    + Long.toHexString(header.abbrevOffset()));
        }
        die.clear();
        die.tag = a.tag();
        die.hasChildren = a.hasChildren();
        if (quick && a.fixedSize() >= 0 && !mayHoldCode(a)) {
            int start = c.pos;
            if (a.hasChildren() && a.siblingAt() >= 0) {
                c.pos = start + a.siblingAt();
                die.sibling = reference(a.siblingForm(), value(c, a.siblingForm(), 0));
            }
            die.next = start + a.fixedSize();
            if (die.next > header.end()) {
                throw info.invalid(offset, "DIE extends past the end of its unit at 0x" + Integer.toHexString(header.end()));
            }
            return;
        }
        int[] attributes = a.attributes();
        int[] forms = a.forms();
        for (int i = 0; i < attributes.length; i++) {
            int form = forms[i];
            while (form == DW_FORM_indirect) {
                form = c.ulebInt("indirect form");
            }
            long v = value(c, form, a.implicitConsts()[i]);
            switch (attributes[i]) {
                case DW_AT_low_pc -> { die.lowPc = v; die.lowPcForm = form; }
                case DW_AT_high_pc -> { die.highPc = v; die.highPcForm = form; }
                case DW_AT_ranges -> { die.ranges = v; die.rangesForm = form; }
                case DW_AT_name -> { die.name = v; die.nameForm = form; }
                case DW_AT_linkage_name, DW_AT_MIPS_linkage_name -> { die.linkageName = v; die.linkageNameForm = form; }
                case DW_AT_comp_dir -> { die.compDir = v; die.compDirForm = form; }
                case DW_AT_sibling -> die.sibling = reference(form, v);
                case DW_AT_abstract_origin -> die.abstractOrigin = reference(form, v);
                case DW_AT_specification -> die.specification = reference(form, v);
                case DW_AT_call_file -> die.callFile = v;
                case DW_AT_call_line -> die.callLine = v;
                case DW_AT_call_column -> die.callColumn = v;
                case DW_AT_stmt_list -> die.stmtList = v;
                case DW_AT_str_offsets_base -> die.strOffsetsBase = v;
                case DW_AT_addr_base, DW_AT_GNU_addr_base -> die.addrBase = v;
                case DW_AT_rnglists_base -> die.rnglistsBase = v;
                default -> { }
            }
        }
        if (c.pos > header.end()) {
            throw info.invalid(offset, "DIE extends past the end of its unit at 0x" + Integer.toHexString(header.end()));
        }
        die.next = c.pos;
    }

    /** Functions with pc attributes, and the DIEs functions nest in (§3.1, §3.2, §3.4, §3.5). */
    private static boolean mayHoldCode(Abbreviation a) {
        return switch (a.tag()) {
            case DW_TAG_subprogram, DW_TAG_inlined_subroutine -> a.hasPc();
            case DW_TAG_lexical_block, DW_TAG_try_block, DW_TAG_catch_block, DW_TAG_namespace, DW_TAG_module,
                 DW_TAG_compile_unit, DW_TAG_partial_unit, DW_TAG_skeleton_unit -> true;
            default -> false;
        };
    }

    /** Reads (or skips) one attribute value of {@code form} (§7.5.6), returning it raw. */
    long value(Cursor c, int form, long implicitConst) {
        return switch (form) {
            case DW_FORM_addr -> c.unsigned(header.addressSize());
            case DW_FORM_data1, DW_FORM_ref1, DW_FORM_flag, DW_FORM_strx1, DW_FORM_addrx1 -> c.u8();
            case DW_FORM_data2, DW_FORM_ref2, DW_FORM_strx2, DW_FORM_addrx2 -> c.u16();
            case DW_FORM_strx3, DW_FORM_addrx3 -> c.u24();
            case DW_FORM_data4, DW_FORM_ref4, DW_FORM_ref_sup4, DW_FORM_strx4, DW_FORM_addrx4 -> c.u32();
            case DW_FORM_data8, DW_FORM_ref8, DW_FORM_ref_sig8, DW_FORM_ref_sup8 -> c.u64();
            case DW_FORM_data16 -> {
                c.skip(16);
                yield 0;
            }
            case DW_FORM_sdata -> c.sleb();
            case DW_FORM_udata, DW_FORM_ref_udata, DW_FORM_strx, DW_FORM_addrx, DW_FORM_loclistx,
                 DW_FORM_rnglistx, DW_FORM_GNU_addr_index, DW_FORM_GNU_str_index -> c.uleb();
            case DW_FORM_string -> {
                int at = c.pos;
                c.skipCstring();
                yield at;
            }
            case DW_FORM_strp, DW_FORM_line_strp, DW_FORM_sec_offset, DW_FORM_strp_sup, DW_FORM_GNU_ref_alt,
                 DW_FORM_GNU_strp_alt -> c.unsigned(header.offsetSize());
            case DW_FORM_ref_addr -> c.unsigned(header.refAddrSize());
            case DW_FORM_block1 -> skip(c, c.u8());
            case DW_FORM_block2 -> skip(c, c.u16());
            case DW_FORM_block4 -> skip(c, c.u32());
            case DW_FORM_block, DW_FORM_exprloc -> skip(c, c.uleb());
            case DW_FORM_flag_present -> 1;
            case DW_FORM_implicit_const -> implicitConst;
            default -> throw c.slice.invalid(c.pos, "unknown attribute form 0x" + Integer.toHexString(form));
        };
    }

    private static long skip(Cursor c, long length) {
        int at = c.pos;
        c.skip(length);
        return at;
    }

    /** A reference as an absolute .debug_info offset; -1 for one into another file (dwz, type units). */
    long reference(int form, long value) {
        return switch (form) {
            case DW_FORM_ref1, DW_FORM_ref2, DW_FORM_ref4, DW_FORM_ref8, DW_FORM_ref_udata -> header.offset() + value;
            case DW_FORM_ref_addr -> value;
            default -> -1;
        };
    }

    /** A string attribute's text; {@code null} when absent or kept in a supplementary file. */
    String string(int form, long value) {
        return switch (form) {
            case 0, DW_FORM_strp_sup, DW_FORM_GNU_strp_alt -> null;
            case DW_FORM_string -> dwarf.info.cstring((int) value);
            case DW_FORM_strp -> fromTable(dwarf.str, ".debug_str", value);
            case DW_FORM_line_strp -> fromTable(dwarf.lineStr, ".debug_line_str", value);
            case DW_FORM_strx, DW_FORM_strx1, DW_FORM_strx2, DW_FORM_strx3, DW_FORM_strx4, DW_FORM_GNU_str_index ->
                    fromTable(dwarf.str, ".debug_str", indexed(dwarf.strOffsets, ".debug_str_offsets",
                            strOffsetsBase, value, header.offsetSize()));
            default -> throw dwarf.info.invalid(header.offset(), "form 0x" + Integer.toHexString(form) + " is not a string");
        };
    }

    /** An address attribute's value: DW_FORM_addr itself, or an entry of .debug_addr (§7.27). */
    long address(int form, long value) {
        return switch (form) {
            case DW_FORM_addrx, DW_FORM_addrx1, DW_FORM_addrx2, DW_FORM_addrx3, DW_FORM_addrx4,
                 DW_FORM_GNU_addr_index -> indexedAddress(value);
            default -> value;
        };
    }

    private static boolean isAddressForm(int form) {
        return switch (form) {
            case DW_FORM_addr, DW_FORM_addrx, DW_FORM_addrx1, DW_FORM_addrx2, DW_FORM_addrx3, DW_FORM_addrx4,
                 DW_FORM_GNU_addr_index -> true;
            default -> false;
        };
    }

    long indexedAddress(long index) {
        return indexed(dwarf.addr, ".debug_addr", addrBase, index, header.addressSize());
    }

    /** The offset of range list {@code index} of DW_FORM_rnglistx, relative to the unit's base (§7.28). */
    long rangeListOffset(long index) {
        return rnglistsBase + indexed(dwarf.rnglists, ".debug_rnglists", rnglistsBase, index, header.offsetSize());
    }

    private long indexed(Slice table, String name, long base, long index, int width) {
        if (table == null) {
            throw dwarf.info.invalid(header.offset(), "the unit uses " + name + " but the file has none");
        }
        if (index < 0 || index > (Integer.MAX_VALUE - base) / width) {
            throw table.invalid(0, "index " + Long.toUnsignedString(index) + " is outside " + name);
        }
        return table.unsigned(table.index(base + index * width, name + " entry"), width);
    }

    private String fromTable(Slice table, String name, long offset) {
        if (table == null) {
            throw dwarf.info.invalid(header.offset(), "the unit uses " + name + " but the file has none");
        }
        return table.cstring(table.index(offset, name + " offset"));
    }

    /** The pc ranges of a DIE as {start, end, start, end ...}: low/high pc or a range list. */
    long[] ranges(Die die) {
        if (die.rangesForm != 0) {
            return RangeLists.read(this, die.rangesForm, die.ranges);
        }
        if (die.lowPcForm == 0 || die.highPcForm == 0) {
            return new long[0];
        }
        long low = address(die.lowPcForm, die.lowPc);
        // §2.17.2: a high pc of an address form is the address; of a constant form, an offset from low pc.
        long high = isAddressForm(die.highPcForm) ? address(die.highPcForm, die.highPc) : low + die.highPc;
        return Long.compareUnsigned(low, high) < 0 ? new long[] {low, high} : new long[0];
    }

    /** The line table of this unit (empty without DW_AT_stmt_list). */
    LineTable lines() {
        if (lines == null) {
            rethrowFailure();
            try {
                lines = stmtList < 0 || dwarf.line == null ? LineTable.EMPTY : LineProgram.decode(this, stmtList);
            } catch (UncheckedDebugInfoException e) {
                failure = e;
                throw e;
            }
        }
        return lines;
    }

    UnitFunctions functions() {
        if (functions == null) {
            rethrowFailure();
            try {
                functions = UnitFunctions.build(this);
            } catch (UncheckedDebugInfoException e) {
                failure = e;
                throw e;
            }
        }
        return functions;
    }

    /**
     * The offset just past {@code die} and its children: its DW_AT_sibling when it has a sane one
     * (DWARF 5 §2.12 puts it there to skip subtrees), else found by reading the subtree.
     */
    int skip(Die die) {
        if (!die.hasChildren) {
            return die.next;
        }
        if (die.sibling > die.offset && die.sibling <= header.end()) {
            return (int) die.sibling;
        }
        Die d = new Die();
        int depth = 1;
        int pos = die.next;
        while (depth > 0 && pos < header.end()) {
            readDie(pos, d, true);
            pos = d.next;
            if (d.isNull()) {
                depth--;
            } else if (d.hasChildren) {
                depth++;
            }
        }
        return pos;
    }

    /** A damaged unit fails every lookup the same way; it is not decoded again each time. */
    private void rethrowFailure() {
        if (failure != null) {
            throw failure;
        }
    }

    /** Frees what {@link #lines}, {@link #functions} and DIE reading decoded. */
    void release() {
        lines = null;
        functions = null;
        abbreviations = null;
    }
}
