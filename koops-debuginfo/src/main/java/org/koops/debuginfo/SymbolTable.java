package org.koops.debuginfo;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The function symbols of an ELF file ({@code .symtab}, else {@code .dynsym}; gABI "Symbol Table"),
 * by name and by address, with kallsyms-style sizes computed as the kernel's
 * {@code scripts/faddr2line} does: the distance to the next symbol of the same section that lies at
 * or beyond the symbol's own end, or to the end of the section.
 */
final class SymbolTable {
    private static final int STT_NOTYPE = 0;
    private static final int STT_FUNC = 2;
    private static final int STT_SECTION = 3;
    private static final int STT_FILE = 4;
    private static final int STT_GNU_IFUNC = 10;

    private final ElfFile elf;
    private final Slice names;
    /** The functions by address, in primitive arrays: a vmlinux has some 50,000, and a decode looks up a few. */
    private final long[] address;
    private final long[] size;
    private final long[] elfSize;
    private final int[] nameAt;
    private final int[] section;
    /** The {@link Symbol}s handed out so far, made on first use. */
    private final Symbol[] made;
    /** Built on the first lookup by name: a batch of addresses never needs it. */
    private NameIndex byName;

    private SymbolTable(ElfFile elf, Slice names, int count) {
        this.elf = elf;
        this.names = names;
        this.address = new long[count];
        this.size = new long[count];
        this.elfSize = new long[count];
        this.nameAt = new int[count];
        this.section = new int[count];
        this.made = new Symbol[count];
    }

    static SymbolTable read(ElfFile elf) throws DebugInfoException {
        ElfSection table = elf.section(".symtab");
        if (table == null || table.type() != ElfSection.SHT_SYMTAB) {
            table = elf.section(".dynsym");
        }
        if (table == null || table.link() <= 0 || table.link() >= elf.sections.size()) {
            return new SymbolTable(elf, null, 0);
        }
        try {
            return new Entries(elf, table).functions();
        } catch (UncheckedDebugInfoException e) {
            throw e.getCause();
        }
    }

    /**
     * The entries as read, in primitive arrays (a vmlinux has some 130,000): only the sections that
     * hold functions matter, since a function's size reaches to the next symbol of its own section;
     * there every kind of symbol counts, only functions are kept, and only their names are decoded.
     * Each entry is read by a method of its own, which the JIT compiles after a few hundred calls
     * rather than after tens of thousands of turns of the loop.
     */
    private static final class Entries {
        private final ElfFile elf;
        private final Slice symbols;
        private final Slice names;
        private final boolean is64;
        private final boolean relocatable;
        private final boolean[] holdsFunctions;
        private final long[] address;
        private final long[] elfSize;
        private final int[] section;
        private final int[] name;
        private final boolean[] function;
        private int n;

        Entries(ElfFile elf, ElfSection table) throws DebugInfoException {
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

        SymbolTable functions() {
            int[] order = sortedBySectionAndAddress();
            long[] sorted = new long[n];
            for (int k = 0; k < n; k++) {
                sorted[k] = address[order[k]];
            }
            long[] kallsymsSize = new long[n];
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
                    kallsymsSize[i] = (next < runEnd ? sorted[next] : end) - address[i];
                    functions[count++] = i;
                }
                runStart = runEnd;
            }
            sortByAddress(functions, 0, count);
            SymbolTable table = new SymbolTable(elf, names, count);
            for (int k = 0; k < count; k++) {
                int i = functions[k];
                table.address[k] = address[i];
                table.size[k] = kallsymsSize[i];
                table.elfSize[k] = elfSize[i];
                table.nameAt[k] = name[i];
                table.section[k] = section[i];
            }
            return table;
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

        private void sortByAddress(int[] order, int from, int to) {
            if (to - from < 2) {
                return;
            }
            long low = -1;
            long high = 0;
            for (int k = from; k < to; k++) {
                long a = address[order[k]];
                low = Long.compareUnsigned(a, low) < 0 ? a : low;
                high = Long.compareUnsigned(a, high) > 0 ? a : high;
            }
            if (Long.compareUnsigned(high - low, 1L << 39) < 0 && n < 1 << 24) {
                long[] keys = new long[to - from];
                for (int k = from; k < to; k++) {
                    keys[k - from] = (address[order[k]] - low) << 24 | order[k];
                }
                Arrays.sort(keys);
                for (int k = from; k < to; k++) {
                    order[k] = (int) (keys[k - from] & 0xff_ffff);
                }
            } else {
                Integer[] boxed = new Integer[to - from];
                for (int k = from; k < to; k++) {
                    boxed[k - from] = order[k];
                }
                Arrays.sort(boxed, (a, b) -> Long.compareUnsigned(address[a], address[b]));
                for (int k = from; k < to; k++) {
                    order[k] = boxed[k - from];
                }
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

    /** The functions called {@code name}, by address: static functions of different files share names. */
    List<Symbol> named(String name) {
        if (byName == null) {
            byName = new NameIndex(names, nameAt);
        }
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        List<Symbol> found = new ArrayList<>(1);
        for (int k = byName.first(wanted); k >= 0; k = byName.next(k)) {
            if (byName.is(k, wanted)) {
                found.add(symbol(k));
            }
        }
        return found;
    }

    /** Builds the index of names now, for the lookups by name to come. */
    void indexNames() {
        named("");
    }

    /**
     * The function whose kallsyms extent holds {@code address}; of several at that address (aliases),
     * the last whose own st_size covers it (kvm's {@code seto}, not the size-0 label {@code em_setcc}
     * its assembly shares the address with), else the last with a size (the padding after {@code
     * seto}), else the last; {@code null} if none holds it.
     */
    Symbol containing(long address) {
        int lo = 0;
        int hi = this.address.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(this.address[mid], address) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0 || Long.compareUnsigned(address - this.address[found], size[found]) >= 0) {
            return null;
        }
        long start = this.address[found];
        int sized = -1;
        for (int k = found; k >= 0 && this.address[k] == start; k--) {
            if (Long.compareUnsigned(address - start, elfSize[k]) < 0) {
                return symbol(k);
            }
            if (sized < 0 && elfSize[k] > 0) {
                sized = k;
            }
        }
        return symbol(sized >= 0 ? sized : found);
    }

    /** Every function, by address. */
    List<Symbol> all() {
        return new AbstractList<>() {
            @Override
            public Symbol get(int k) {
                return symbol(k);
            }

            @Override
            public int size() {
                return address.length;
            }
        };
    }

    int size() {
        return address.length;
    }

    private Symbol symbol(int k) {
        Symbol s = made[k];
        if (s == null) {
            s = made[k] = new Symbol(names.cstring(nameAt[k]), address[k], size[k], elfSize[k],
                    elf.sections.get(section[k]).name());
        }
        return s;
    }
}
