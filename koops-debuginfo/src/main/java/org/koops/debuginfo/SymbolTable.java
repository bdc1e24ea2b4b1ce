package org.koops.debuginfo;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The function symbols of an ELF file ({@code .symtab}, else {@code .dynsym}; gABI "Symbol Table"),
 * by name and by address, with kallsyms-style sizes ({@link SymbolEntries}). A lookup by name
 * measures only the functions it finds; the first lookup by address sorts them all.
 */
final class SymbolTable {
    private final SymbolEntries entries;
    /** Each function's kallsyms size once known, else -1 (by entry index). */
    private final long[] size;
    /** The {@link Symbol}s handed out so far (by entry index). */
    private final Symbol[] made;
    /** The entry indexes of the functions, in table order, and the index of their names. */
    private int[] functions;
    private NameIndex byName;
    /** The entry indexes of the functions by address, every size known; built on the first lookup by address. */
    private int[] byAddress;

    private SymbolTable(SymbolEntries entries) {
        this.entries = entries;
        this.size = new long[entries.n];
        this.made = new Symbol[entries.n];
        Arrays.fill(size, -1);
    }

    static SymbolTable read(ElfFile elf) throws DebugInfoException {
        ElfSection table = table(elf);
        if (table == null) {
            return new SymbolTable(new SymbolEntries(elf));
        }
        try {
            return new SymbolTable(new SymbolEntries(elf, table));
        } catch (UncheckedDebugInfoException e) {
            throw e.getCause();
        }
    }

    /** The string table of the symbol table's names, or {@code null}. */
    static Slice names(ElfFile elf) throws DebugInfoException {
        ElfSection table = table(elf);
        return table == null ? null : elf.contents(elf.sections.get(table.link()));
    }

    /** {@code .symtab}, else {@code .dynsym}, if it names its string table. */
    private static ElfSection table(ElfFile elf) {
        ElfSection table = elf.section(".symtab");
        if (table == null || table.type() != ElfSection.SHT_SYMTAB) {
            table = elf.section(".dynsym");
        }
        return table == null || table.link() <= 0 || table.link() >= elf.sections.size() ? null : table;
    }

    /**
     * The table of entries, the functions among them and the buckets of their name index, as read
     * before (by an {@link IndexCache}); or {@code null} if they do not fit this file.
     */
    static SymbolTable of(SymbolEntries entries, int[] functions, int[] heads, int[] next) {
        if (!entries.fits()) {
            return null;
        }
        int[] nameAt = new int[functions.length];
        for (int k = 0; k < functions.length; k++) {
            int i = functions[k];
            if (i < 0 || i >= entries.n || !entries.function[i] || k > 0 && i <= functions[k - 1]) {
                return null;
            }
            nameAt[k] = entries.name[i];
        }
        NameIndex byName = NameIndex.of(entries.names, nameAt, heads, next);
        if (byName == null) {
            return null;
        }
        SymbolTable table = new SymbolTable(entries);
        table.functions = functions;
        table.byName = byName;
        return table;
    }

    /** What an {@link IndexCache} keeps: the entries, the functions among them and the index of their names. */
    record Parts(SymbolEntries entries, int[] functions, NameIndex byName) {
    }

    Parts parts() {
        indexNames();
        return new Parts(entries, functions, byName);
    }

    /** The functions called {@code name}, by address: static functions of different files share names. */
    List<Symbol> named(String name) {
        indexNames();
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        List<Integer> found = new ArrayList<>(1);
        for (int k = byName.first(wanted); k >= 0; k = byName.next(k)) {
            if (byName.is(k, wanted)) {
                found.add(functions[k]);
            }
        }
        found.sort((a, b) -> {
            int order = Long.compareUnsigned(entries.address[a], entries.address[b]);
            return order != 0 ? order : Integer.compare(a, b);
        });
        List<Symbol> symbols = new ArrayList<>(found.size());
        found.forEach(i -> symbols.add(symbol(i)));
        return symbols;
    }

    /** Builds the index of names now, for the lookups by name to come. */
    void indexNames() {
        if (byName != null) {
            return;
        }
        int count = 0;
        int[] all = new int[entries.n];
        int[] nameAt = new int[entries.n];
        for (int i = 0; i < entries.n; i++) {
            if (entries.function[i]) {
                all[count] = i;
                nameAt[count++] = entries.name[i];
            }
        }
        functions = Arrays.copyOf(all, count);
        byName = new NameIndex(entries.names, Arrays.copyOf(nameAt, count));
    }

    /**
     * The function whose kallsyms extent holds {@code address}; of several at that address (aliases),
     * the last whose own st_size covers it (kvm's {@code seto}, not the size-0 label {@code em_setcc}
     * its assembly shares the address with), else the last with a size (the padding after {@code
     * seto}), else the last; {@code null} if none holds it.
     */
    Symbol containing(long address) {
        int[] sorted = byAddress();
        long[] addresses = entries.address;
        int lo = 0;
        int hi = sorted.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(addresses[sorted[mid]], address) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0 || Long.compareUnsigned(address - addresses[sorted[found]], size[sorted[found]]) >= 0) {
            return null;
        }
        long start = addresses[sorted[found]];
        int sized = -1;
        for (int k = found; k >= 0 && addresses[sorted[k]] == start; k--) {
            long elfSize = entries.elfSize[sorted[k]];
            if (Long.compareUnsigned(address - start, elfSize) < 0) {
                return symbol(sorted[k]);
            }
            if (sized < 0 && elfSize > 0) {
                sized = k;
            }
        }
        return symbol(sorted[sized >= 0 ? sized : found]);
    }

    /** Every function, by address. */
    List<Symbol> all() {
        int[] sorted = byAddress();
        return new AbstractList<>() {
            @Override
            public Symbol get(int k) {
                return symbol(sorted[k]);
            }

            @Override
            public int size() {
                return sorted.length;
            }
        };
    }

    int size() {
        return byAddress().length;
    }

    private int[] byAddress() {
        if (byAddress == null) {
            byAddress = entries.functionsByAddress(size);
        }
        return byAddress;
    }

    private Symbol symbol(int i) {
        Symbol s = made[i];
        if (s == null) {
            if (size[i] < 0) {
                size[i] = entries.kallsymsSize(i);
            }
            s = made[i] = new Symbol(entries.names.cstringOrRest(entries.name[i]), entries.address[i], size[i],
                    entries.elfSize[i], entries.elf.sections.get(entries.section[i]).name());
        }
        return s;
    }
}
