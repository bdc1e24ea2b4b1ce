package org.koops.debuginfo;

import java.util.Arrays;

/**
 * The entries of a symbol table as read, in primitive arrays (a vmlinux has some 130,000), with
 * kallsyms-style sizes computed as the kernel's {@code scripts/faddr2line} does: the distance to the
 * next symbol of the same section that lies at or beyond the symbol's own end, or to the end of the
 * section. Only the sections that hold functions matter, since a function's size reaches to the next
 * symbol of its own section; there every kind of symbol counts. Each entry is read by a method of
 * its own, which the JIT compiles after a few hundred calls rather than after tens of thousands of
 * turns of the loop.
 */
final class SymbolEntries {
    private static final int STT_NOTYPE = 0;
    private static final int STT_FUNC = 2;
    private static final int STT_SECTION = 3;
    private static final int STT_FILE = 4;
    private static final int STT_GNU_IFUNC = 10;

    final ElfFile elf;
    final Slice names;
    private final Slice symbols;
    private final boolean is64;
    private final boolean relocatable;
    private final boolean[] holdsFunctions;
    final long[] address;
    final long[] elfSize;
    final int[] section;
    final int[] name;
    final boolean[] function;
    int n;

    /** A table without entries. */
    SymbolEntries(ElfFile elf) {
        this(elf, null, new long[0], new long[0], new int[0], new int[0], new boolean[0]);
    }

    /** The entries as read before (by an {@link IndexCache}); their sections and names must be checked. */
    SymbolEntries(ElfFile elf, Slice names, long[] address, long[] elfSize, int[] section, int[] name, boolean[] function) {
        this.elf = elf;
        this.names = names;
        this.symbols = null;
        this.is64 = false;
        this.relocatable = false;
        this.holdsFunctions = new boolean[0];
        this.address = address;
        this.elfSize = elfSize;
        this.section = section;
        this.name = name;
        this.function = function;
        this.n = address.length;
    }

    /** Whether entries read before fit this file: each in one of its sections, each name in its string table. */
    boolean fits() {
        for (int i = 0; i < n; i++) {
            if (!elf.isSection(section[i]) || name[i] < 0 || names == null || name[i] >= names.size()) {
                return false;
            }
        }
        return true;
    }

    SymbolEntries(ElfFile elf, ElfSection table) throws DebugInfoException {
        this.elf = elf;
        ElfHeader h = elf.header;
        this.symbols = elf.contents(table);
        this.names = elf.contents(elf.sections.get(table.link()));
        this.is64 = h.is64();
        this.relocatable = h.relocatable();
        int size = h.symbolSize();
        int count = Math.max(0, symbols.size() / size);
        holdsFunctions = new boolean[elf.sections.size()];
        for (ElfSection s : elf.sections) {
            holdsFunctions[s.index()] = s.executable();
        }
        for (int pos = size; pos <= symbols.size() - size; pos += size) {
            markFunctionSection(pos);
        }
        address = new long[count];
        elfSize = new long[count];
        section = new int[count];
        name = new int[count];
        function = new boolean[count];
        for (int pos = size; pos <= symbols.size() - size; pos += size) {
            read(pos);
        }
    }

    /** A function in a section without the executable flag still measures against its neighbours. */
    private void markFunctionSection(int pos) {
        int type = symbols.u8(pos + (is64 ? 4 : 12)) & 0xf;
        int shndx = symbols.u16(pos + (is64 ? 6 : 14));
        if ((type == STT_FUNC || type == STT_GNU_IFUNC) && elf.isSection(shndx)) {
            holdsFunctions[shndx] = true;
        }
    }

    private void read(int pos) {
        int shndx = symbols.u16(pos + (is64 ? 6 : 14));
        if (!elf.isSection(shndx) || !holdsFunctions[shndx]) {
            return;
        }
        int type = symbols.u8(pos + (is64 ? 4 : 12)) & 0xf;
        if (type == STT_SECTION || type == STT_FILE) {
            return;
        }
        int nameAt = names.index(symbols.u32(pos), "symbol name");
        if (isMappingSymbol(names, nameAt)) {
            return;
        }
        long value = is64 ? symbols.u64(pos + 8) : symbols.u32(pos + 4);
        ElfSection s = elf.sections.get(shndx);
        address[n] = relocatable ? elf.address(s) + value : value;
        elfSize[n] = is64 ? symbols.u64(pos + 16) : symbols.u32(pos + 8);
        section[n] = shndx;
        name[n] = nameAt;
        function[n] = names.u8(nameAt) != 0 && (type == STT_FUNC || type == STT_GNU_IFUNC
                || type == STT_NOTYPE && s.executable());
        n++;
    }

    /** Symbols that mark code or data regions (arm {@code $x}, {@code $d}) or assembler locals. */
    private static boolean isMappingSymbol(Slice names, int at) {
        int c = names.u8(at);
        if (c == '$') {
            return true;
        }
        int d = c == 0 ? 0 : names.u8(at + 1);
        return c == '.' && d == 'L' || c == 'L' && d == '0';
    }

    /** The kallsyms size of entry {@code i}, from the entries of its section. */
    long kallsymsSize(int i) {
        ElfSection s = elf.sections.get(section[i]);
        long reach = address[i] + Math.max(1, elfSize[i]);
        long next = 0;
        boolean found = false;
        if (Long.compareUnsigned(reach, address[i]) > 0) {
            for (int j = 0; j < n; j++) {
                if (section[j] == section[i] && Long.compareUnsigned(address[j], reach) >= 0
                        && (!found || Long.compareUnsigned(address[j], next) < 0)) {
                    next = address[j];
                    found = true;
                }
            }
        }
        return (found ? next : elf.address(s) + s.size()) - address[i];
    }

    /**
     * The functions by address (entry indexes), their kallsyms sizes stored into {@code sizes}: one
     * sort serves them all, where {@link #kallsymsSize} scans the entries for one.
     */
    int[] functionsByAddress(long[] sizes) {
        int[] order = sortedBySectionAndAddress();
        long[] sorted = new long[n];
        for (int k = 0; k < n; k++) {
            sorted[k] = address[order[k]];
        }
        int[] functions = new int[n];
        int count = 0;
        int runStart = 0;
        while (runStart < n) {
            int shndx = section[order[runStart]];
            int runEnd = runStart + 1;
            while (runEnd < n && section[order[runEnd]] == shndx) {
                runEnd++;
            }
            ElfSection s = elf.sections.get(shndx);
            long end = elf.address(s) + s.size();
            for (int k = runStart; k < runEnd; k++) {
                int i = order[k];
                if (!function[i]) {
                    continue;
                }
                // The next symbol that is neither an alias nor inside this one's st_size.
                long reach = address[i] + Math.max(1, elfSize[i]);
                int next = Long.compareUnsigned(reach, address[i]) > 0 ? firstAtOrAbove(sorted, k + 1, runEnd, reach) : runEnd;
                sizes[i] = (next < runEnd ? sorted[next] : end) - address[i];
                functions[count++] = i;
            }
            runStart = runEnd;
        }
        sortByAddress(functions, 0, count);
        return Arrays.copyOf(functions, count);
    }

    /**
     * Entry indexes by section, then unsigned address: counted into sections, then each
     * section's (address - lowest, index) pairs sorted as longs when the spread fits 40 bits.
     */
    private int[] sortedBySectionAndAddress() {
        int sections = elf.sections.size();
        int[] start = new int[sections + 1];
        for (int i = 0; i < n; i++) {
            start[section[i] + 1]++;
        }
        for (int k = 0; k < sections; k++) {
            start[k + 1] += start[k];
        }
        int[] order = new int[n];
        int[] fill = Arrays.copyOf(start, sections);
        for (int i = 0; i < n; i++) {
            order[fill[section[i]]++] = i;
        }
        for (int k = 0; k < sections; k++) {
            sortByAddress(order, start[k], start[k + 1]);
        }
        return order;
    }

    /** Sorts by address, as primitive longs when it can ({@link AddressSort}), else through a comparator. */
    private void sortByAddress(int[] order, int from, int to) {
        if (AddressSort.sort(order, from, to, address)) {
            return;
        }
        Integer[] boxed = new Integer[to - from];
        for (int k = from; k < to; k++) {
            boxed[k - from] = order[k];
        }
        Arrays.sort(boxed, (a, b) -> Long.compareUnsigned(address[a], address[b]));
        for (int k = from; k < to; k++) {
            order[k] = boxed[k - from];
        }
    }

    private static int firstAtOrAbove(long[] sorted, int from, int to, long address) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(sorted[mid], address) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
