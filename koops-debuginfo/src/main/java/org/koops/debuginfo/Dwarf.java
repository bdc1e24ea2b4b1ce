package org.koops.debuginfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DWARF debug info of one ELF file: from an address to its source location and the chain of
 * functions inlined there.
 *
 * <p>Everything is decoded on demand. Opening reads only the unit headers. The first lookup builds
 * the address → unit map from {@code .debug_aranges}, and from the root DIEs of units it does not
 * cover. A unit's line table and function index are decoded when an address first falls in it, and kept
 * while the decoded rows of the units used last stay under {@value #DECODED_ROWS}, so memory stays
 * bounded whatever the file while repeated lookups in the same code stay fast.
 */
final class Dwarf {
    /** Decoded line rows kept (24 bytes each), about all of a distribution vmlinux's. */
    private static final long DECODED_ROWS = 8_000_000;
    private static final int ABBREVIATION_TABLES = 512;
    /** Abstract origins and specifications chain a few levels deep; a cycle must not hang. */
    private static final int MAX_NAME_HOPS = 16;
    /** The unit-map value of addresses whose unit was cut off by the end of the file. */
    private static final int LOST = -2;

    /**
     * Units decoded from the mapped file before the sections read all over are copied to the heap:
     * a decode of one oops reads a few pages of each, while thousands of lookups decode faster from
     * arrays than from a mapping, which pays for copying a vmlinux's 30 MB of them.
     */
    private static final int UNITS_BEFORE_COPY = 32;

    final Slice info;
    // The sections read all over, mapped until they are copied to the heap (UNITS_BEFORE_COPY).
    private Slice abbrev;
    Slice str;
    Slice lineStr;
    Slice strOffsets;
    Slice addr;
    Slice line;
    Slice ranges;
    Slice rnglists;
    private final Slice aranges;
    private int unitsMade;

    private final int[] unitOffsets;
    private final Unit[] units;
    private AddressMap unitMap;
    /** A damaged unit map fails every lookup the same way; it is not decoded again each time. */
    private UncheckedDebugInfoException unitMapFailure;
    private final Map<Long, AbbreviationTable> abbreviationTables = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, AbbreviationTable> eldest) {
            return size() > ABBREVIATION_TABLES;
        }
    };
    /** Units with decoded data, least recently used first, with the rows each holds. */
    private final LinkedHashMap<Unit, Integer> decoded = new LinkedHashMap<>(16, 0.75f, true);
    private long decodedRows;
    private final Map<Integer, String> names = new HashMap<>();
    private final Die scratch = new Die();
    /** Why units are missing at the end of a truncated .debug_info, or {@code null}. */
    private DebugInfoException truncation;
    private int truncatedAt;

    private Dwarf(ElfFile elf, Slice info, int[] unitOffsets, AddressMap unitMap) throws DebugInfoException {
        this.info = info;
        this.abbrev = elf.debugSection(".debug_abbrev");
        this.str = elf.debugSection(".debug_str");
        this.lineStr = elf.debugSection(".debug_line_str");
        this.strOffsets = elf.debugSection(".debug_str_offsets");
        this.addr = elf.debugSection(".debug_addr");
        this.line = elf.debugSection(".debug_line");
        this.ranges = elf.debugSection(".debug_ranges");
        this.rnglists = elf.debugSection(".debug_rnglists");
        this.aranges = elf.debugSection(".debug_aranges");
        if (abbrev == null) {
            throw DebugInfoException.invalid(elf.name() + " .debug_info", 0, "there is no .debug_abbrev");
        }
        this.unitOffsets = unitOffsets != null ? unitOffsets : scanUnits(info);
        this.units = new Unit[this.unitOffsets.length];
        this.unitMap = unitMap;
    }

    /** See {@link #UNITS_BEFORE_COPY}; .debug_info, ten times larger, stays mapped. */
    private void copySectionsToHeap() {
        abbrev = onHeap(abbrev);
        str = onHeap(str);
        lineStr = onHeap(lineStr);
        strOffsets = onHeap(strOffsets);
        addr = onHeap(addr);
        line = onHeap(line);
        ranges = onHeap(ranges);
        rnglists = onHeap(rnglists);
    }

    private static Slice onHeap(Slice section) {
        return section == null ? null : section.onHeap();
    }

    /** The DWARF of {@code elf}, or {@code null} if it has no {@code .debug_info}. */
    static Dwarf of(ElfFile elf) throws DebugInfoException {
        Slice info = elf.debugSection(".debug_info");
        if (info == null) {
            return null;
        }
        try {
            return new Dwarf(elf, info, null, null);
        } catch (UncheckedDebugInfoException e) {
            throw e.getCause();
        }
    }

    /**
     * The DWARF of {@code elf} with its units and unit map as an {@link IndexCache} kept them, or
     * {@code null} if they do not fit this file's .debug_info.
     */
    static Dwarf of(ElfFile elf, UnitIndex index) throws DebugInfoException {
        Slice info = elf.debugSection(".debug_info");
        int[] unitOffsets = index.offsets();
        if (info == null || !index.map().valuesBelow(unitOffsets.length)) {
            return null;
        }
        for (int i = 0; i < unitOffsets.length; i++) {
            if (unitOffsets[i] < 0 || unitOffsets[i] >= info.size() || i > 0 && unitOffsets[i] <= unitOffsets[i - 1]) {
                return null;
            }
        }
        try {
            return new Dwarf(elf, info, unitOffsets, index.map());
        } catch (UncheckedDebugInfoException e) {
            throw e.getCause();
        }
    }

    /** Where the units start in .debug_info, and which unit holds each address. */
    record UnitIndex(int[] offsets, AddressMap map) {
    }

    /** The units and unit map, for an {@link IndexCache}; {@code null} if damage was met building them. */
    UnitIndex unitIndex() {
        try {
            AddressMap map = unitMap();
            return truncation == null ? new UnitIndex(unitOffsets, map) : null;
        } catch (UncheckedDebugInfoException e) {
            return null;
        }
    }

    /**
     * The offsets of the units; units cut off by the end of a truncated file are left out, and the
     * cut is kept in {@link #truncation} for the lookups that would need them.
     */
    private int[] scanUnits(Slice info) {
        int[] offsets = new int[64];
        int n = 0;
        int pos = 0;
        while (pos < info.size()) {
            UnitHeader h;
            try {
                h = UnitHeader.read(info, pos);
            } catch (UncheckedDebugInfoException e) {
                if (e.getCause().kind() != DebugInfoException.Kind.TRUNCATED) {
                    throw e;
                }
                truncation = e.getCause();
                break;
            }
            if (n == offsets.length) {
                offsets = Arrays.copyOf(offsets, n * 2);
            }
            offsets[n++] = pos;
            pos = h.end();
        }
        truncatedAt = pos;
        return Arrays.copyOf(offsets, n);
    }

    /** The source locations at {@code address}, innermost first; empty if no unit covers it. */
    List<SourceLocation> locate(long address) {
        int index = unitMap().get(address);
        if (index == LOST) {
            throw new UncheckedDebugInfoException(truncation);
        }
        if (index == AddressMap.NONE) {
            return List.of();
        }
        Unit unit = unit(index);
        LineTable lines = unit.lines();
        ScopeTree scopes = unit.functions().at(address);
        keepDecoded(unit, lines.rows());
        int row = lines.find(address);
        int scope = scopes == null ? AddressMap.NONE : scopes.innermost(address);
        if (row < 0 && scope == AddressMap.NONE) {
            return List.of();
        }
        List<SourceLocation> chain = new ArrayList<>(4);
        String function = scope == AddressMap.NONE ? null : functionName(scopes.die(scope));
        chain.add(row < 0 ? new SourceLocation(function, null, 0, 0, 0, unit.compDir)
                : new SourceLocation(function, lines.fileName(lines.file(row)), lines.line(row), lines.column(row),
                        lines.discriminator(row), unit.compDir));
        for (int s = scope; s != AddressMap.NONE && scopes.inlined(s); s = scopes.parent(s)) {
            int caller = scopes.parent(s);
            chain.add(new SourceLocation(caller == AddressMap.NONE ? null : functionName(scopes.die(caller)),
                    lines.fileName(scopes.callFile(s)), scopes.callLine(s), scopes.callColumn(s), 0, unit.compDir));
        }
        return chain;
    }

    /** Builds the address → unit map. */
    void prepare() {
        unitMap();
    }

    private Unit unit(int index) {
        Unit unit = units[index];
        if (unit == null) {
            unit = units[index] = new Unit(this, UnitHeader.read(info, unitOffsets[index]), index);
            if (++unitsMade == UNITS_BEFORE_COPY) {
                copySectionsToHeap();
            }
        }
        return unit;
    }

    /** Marks {@code unit} used last, and frees the units used longest ago while over the budget. */
    private void keepDecoded(Unit unit, int rows) {
        if (decoded.put(unit, rows) == null) {
            decodedRows += rows;
        }
        var eldest = decoded.entrySet().iterator();
        while (decodedRows > DECODED_ROWS && decoded.size() > 1) {
            var e = eldest.next();
            e.getKey().release();
            decodedRows -= e.getValue();
            eldest.remove();
        }
    }

    private AddressMap unitMap() {
        if (unitMap == null) {
            if (unitMapFailure != null) {
                throw unitMapFailure;
            }
            try {
                unitMap = buildUnitMap();
            } catch (UncheckedDebugInfoException e) {
                unitMapFailure = e;
                throw e;
            }
        }
        return unitMap;
    }

    private AddressMap buildUnitMap() {
        AddressMap.Painter painter = new AddressMap.Painter();
        boolean[] covered = new boolean[units.length];
        if (aranges != null) {
            Aranges.paint(aranges, offset -> {
                int i = Arrays.binarySearch(unitOffsets, offset);
                return i >= 0 ? i : truncation != null && offset >= truncatedAt ? LOST : AddressMap.NONE;
            }, painter, covered);
        }
        for (int i = 0; i < units.length; i++) {
            if (!covered[i]) {
                Unit unit = units[i] != null ? units[i] : new Unit(this, UnitHeader.read(info, unitOffsets[i]), i);
                long[] r = unit.ranges(unit.root());
                for (int k = 0; k < r.length; k += 2) {
                    painter.paint(r[k], r[k + 1], i);
                }
            }
        }
        return painter.build();
    }

    /** The unit whose code holds {@code address}, or {@code null}. */
    Unit unitAt(long address) {
        int index = unitMap().get(address);
        if (index == LOST) {
            throw new UncheckedDebugInfoException(truncation);
        }
        return index == AddressMap.NONE ? null : unit(index);
    }

    /** The unit holding the DIE at {@code offset}. */
    Unit unitContaining(long offset) {
        int i = Arrays.binarySearch(unitOffsets, (int) Math.min(offset, Integer.MAX_VALUE));
        int index = i >= 0 ? i : -i - 2;
        if (offset < 0 || index < 0) {
            throw info.invalid(0, "reference 0x" + Long.toHexString(offset) + " is outside .debug_info");
        }
        Unit unit = unit(index);
        if (offset >= unit.header.end()) {
            throw info.invalid(0, "reference 0x" + Long.toHexString(offset) + " is outside .debug_info");
        }
        return unit;
    }

    /**
     * A function's name: its DW_AT_linkage_name, else DW_AT_name, of the DIE itself or of the DIEs
     * its DW_AT_abstract_origin or DW_AT_specification lead to (DWARF 5 §3.3.8.1, §2.13.2).
     */
    String functionName(int dieOffset) {
        String cached = names.get(dieOffset);
        if (cached != null || names.containsKey(dieOffset)) {
            return cached;
        }
        String name = null;
        long offset = dieOffset;
        for (int hop = 0; hop < MAX_NAME_HOPS && offset >= 0; hop++) {
            Unit unit = unitContaining(offset);
            Die d = scratch;
            unit.readDie((int) offset, d);
            if (d.linkageNameForm != 0) {
                name = unit.string(d.linkageNameForm, d.linkageName);
            } else if (d.nameForm != 0) {
                name = unit.string(d.nameForm, d.name);
            }
            if (name != null) {
                break;
            }
            offset = d.abstractOrigin >= 0 ? d.abstractOrigin : d.specification;
        }
        names.put(dieOffset, name);
        return name;
    }

    /** The abbreviations at {@code offset} for units of {@code format}'s address and offset sizes. */
    AbbreviationTable abbreviations(UnitHeader format) {
        long key = format.abbrevOffset() << 8 | format.addressSize() << 4 | format.offsetSize() | (format.version() == 2 ? 1 : 0);
        return abbreviationTables.computeIfAbsent(key, k -> AbbreviationTable.read(abbrev, format.abbrevOffset(), format));
    }

    int units() {
        return units.length;
    }
}
