package org.koops.debuginfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    private final Symbol[] byAddress;
    private final Map<String, List<Symbol>> byName = new HashMap<>();

    private SymbolTable(Symbol[] byAddress) {
        this.byAddress = byAddress;
        for (Symbol s : byAddress) {
            byName.computeIfAbsent(s.name(), k -> new ArrayList<>(1)).add(s);
        }
    }

    /** One entry as read: every kind of symbol counts when computing sizes, only functions are kept. */
    private record Entry(String name, long address, long elfSize, int section, boolean function) {
    }

    static SymbolTable read(ElfFile elf) throws DebugInfoException {
        ElfSection table = elf.section(".symtab");
        if (table == null || table.type() != ElfSection.SHT_SYMTAB) {
            table = elf.section(".dynsym");
        }
        if (table == null || table.link() <= 0 || table.link() >= elf.sections.size()) {
            return new SymbolTable(new Symbol[0]);
        }
        try {
            return new SymbolTable(functions(elf, entries(elf, table)));
        } catch (UncheckedDebugInfoException e) {
            throw e.getCause();
        }
    }

    private static List<Entry> entries(ElfFile elf, ElfSection table) throws DebugInfoException {
        ElfHeader h = elf.header;
        Slice symbols = elf.contents(table);
        Slice names = elf.contents(elf.sections.get(table.link()));
        int size = h.symbolSize();
        List<Entry> entries = new ArrayList<>();
        for (int pos = size; pos <= symbols.size() - size; pos += size) {
            int info = symbols.u8(pos + (h.is64() ? 4 : 12));
            int shndx = symbols.u16(pos + (h.is64() ? 6 : 14));
            long value = h.is64() ? symbols.u64(pos + 8) : symbols.u32(pos + 4);
            long elfSize = h.is64() ? symbols.u64(pos + 16) : symbols.u32(pos + 8);
            int type = info & 0xf;
            if (!elf.isSection(shndx) || type == STT_SECTION || type == STT_FILE) {
                continue;
            }
            String name = names.cstring(names.index(symbols.u32(pos), "symbol name"));
            if (isMappingSymbol(name)) {
                continue;
            }
            ElfSection section = elf.sections.get(shndx);
            boolean function = !name.isEmpty() && (type == STT_FUNC || type == STT_GNU_IFUNC
                    || type == STT_NOTYPE && section.executable());
            long address = elf.header.relocatable() ? elf.address(section) + value : value;
            entries.add(new Entry(name, address, elfSize, shndx, function));
        }
        return entries;
    }

    /** Symbols that mark code or data regions (arm {@code $x}, {@code $d}) or assembler locals. */
    private static boolean isMappingSymbol(String name) {
        return name.startsWith(".L") || name.startsWith("L0") || name.startsWith("$");
    }

    private static Symbol[] functions(ElfFile elf, List<Entry> entries) {
        entries.sort(Comparator.comparingInt(Entry::section).thenComparing(Entry::address, Long::compareUnsigned));
        List<Symbol> functions = new ArrayList<>();
        int runEnd = 0;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (i == runEnd) {
                runEnd = i + 1;
                while (runEnd < entries.size() && entries.get(runEnd).section() == e.section()) {
                    runEnd++;
                }
            }
            if (!e.function()) {
                continue;
            }
            ElfSection section = elf.sections.get(e.section());
            long end = elf.address(section) + section.size();
            // The next symbol that is neither an alias nor inside this one's st_size.
            long reach = e.address() + Math.max(1, e.elfSize());
            int next = Long.compareUnsigned(reach, e.address()) > 0 ? firstAtOrAbove(entries, i + 1, runEnd, reach) : runEnd;
            long size = (next < runEnd ? entries.get(next).address() : end) - e.address();
            functions.add(new Symbol(e.name(), e.address(), size, e.elfSize(), section.name()));
        }
        Symbol[] sorted = functions.toArray(new Symbol[0]);
        Arrays.sort(sorted, Comparator.comparing(Symbol::address, Long::compareUnsigned));
        return sorted;
    }

    private static int firstAtOrAbove(List<Entry> entries, int from, int to, long address) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(entries.get(mid).address(), address) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The functions called {@code name}, by address: static functions of different files share names. */
    List<Symbol> named(String name) {
        return byName.getOrDefault(name, List.of());
    }

    /**
     * The function whose kallsyms extent holds {@code address}, the last one at that address when
     * several are (aliases); {@code null} if none does.
     */
    Symbol containing(long address) {
        int lo = 0;
        int hi = byAddress.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(byAddress[mid].address(), address) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0) {
            return null;
        }
        Symbol s = byAddress[found];
        return Long.compareUnsigned(address - s.address(), s.size()) < 0 ? s : null;
    }

    int size() {
        return byAddress.length;
    }
}
