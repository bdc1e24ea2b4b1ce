package org.koops.debuginfo;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Symbolises addresses and {@code func+0x12/0x80} locations of one ELF file (a {@code vmlinux}, a
 * kernel module, also {@code .ko.xz}/{@code .ko.zst}/{@code .ko.gz}, or any program with DWARF 2–5)
 * to source file, line and column with the chain of inlined callers, like {@code addr2line -f -i}
 * and the kernel's {@code scripts/faddr2line}, without running either.
 *
 * <pre>{@code
 * try (Symbolizer s = Symbolizer.open(Path.of("vmlinux"))) {
 *     for (Resolution r : s.resolve("vfs_write", 0xc7, 0x4a0L, true)) {
 *         r.locations().forEach(l -> System.out.println(l.function() + " " + l.fileLine(true)));
 *     }
 * }
 * }</pre>
 *
 * <p>Opening reads the ELF header, the section table and the symbol table; the DWARF is decoded
 * lazily, unit by unit, as addresses need it. A damaged file raises a {@link DebugInfoException}
 * with a one-line message, when opening or at the lookup that reaches the damage. Instances are not
 * thread-safe.
 */
public final class Symbolizer implements AutoCloseable {
    private final ElfFile elf;
    private final SymbolTable symbols;
    private Dwarf dwarf;
    private boolean dwarfRead;

    private Symbolizer(ElfFile elf, SymbolTable symbols) {
        this.elf = elf;
        this.symbols = symbols;
    }

    /** Opens an ELF file; errors are one line and name the file ({@code no such file}, {@code truncated ...}). */
    public static Symbolizer open(Path file) throws IOException {
        ElfFile elf = openElf(file);
        try {
            return new Symbolizer(elf, SymbolTable.read(elf));
        } catch (IOException | RuntimeException e) {
            elf.close();
            throw e;
        }
    }

    /**
     * Opens an ELF file and reads now what the first lookups would otherwise read: the symbol table
     * with its index of names, and meanwhile, on a second thread, the DWARF's map from addresses to
     * units; from {@code cache} when it holds them (it may be {@code null}), else kept there. Errors
     * of the DWARF are left for the lookups to report, with their context.
     */
    static Symbolizer openPrepared(Path file, IndexCache cache) throws IOException {
        ElfFile elf = openElf(file);
        Symbolizer cached = cache == null ? null : cache.load(elf);
        if (cached != null) {
            return cached;
        }
        var prepared = new java.util.concurrent.CompletableFuture<Dwarf>();
        Thread dwarfThread = new Thread(() -> prepared.complete(preparedDwarf(elf)), "koops-prefetch-dwarf");
        dwarfThread.setDaemon(true);
        dwarfThread.start();
        Symbolizer symbolizer;
        try {
            symbolizer = new Symbolizer(elf, SymbolTable.read(elf));
            symbolizer.symbols.indexNames();
        } catch (IOException | RuntimeException e) {
            prepared.join();
            elf.close();
            throw e;
        }
        Dwarf dwarf = prepared.join();
        if (dwarf != null) {
            symbolizer.dwarf = dwarf;
            symbolizer.dwarfRead = true;
        }
        if (cache != null) {
            cache.store(elf, symbolizer);
        }
        return symbolizer;
    }

    /** A symbolizer of {@code elf} from its symbols and DWARF ({@code null} for none) as an {@link IndexCache} kept them. */
    static Symbolizer of(ElfFile elf, SymbolTable symbols, Dwarf dwarf) {
        Symbolizer symbolizer = new Symbolizer(elf, symbols);
        symbolizer.dwarf = dwarf;
        symbolizer.dwarfRead = true;
        return symbolizer;
    }

    /** The DWARF of {@code elf} with its unit map built, or {@code null} if there is none or it cannot be read. */
    private static Dwarf preparedDwarf(ElfFile elf) {
        try {
            Dwarf d = Dwarf.of(elf);
            if (d != null) {
                d.prepare();
            }
            return d;
        } catch (DebugInfoException | RuntimeException e) {
            return null; // read again by the first lookup, on the caller's thread, which reports it
        }
    }

    private static ElfFile openElf(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a directory");
        }
        try {
            return ElfFile.open(file);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new IOException(file + ": permission denied", e);
        }
    }

    /** The file's name, as errors give it. */
    public String name() {
        return elf.name();
    }

    /** The GNU build id in hex, if the file has one. */
    public Optional<String> buildId() throws DebugInfoException {
        return Optional.ofNullable(ElfNotes.buildId(elf));
    }

    /** The {@code .gnu_debuglink} naming the separate debug file, if any. */
    public Optional<DebugLink> debugLink() throws DebugInfoException {
        return Optional.ofNullable(ElfNotes.debugLink(elf));
    }

    /** Whether the file has DWARF line information to symbolise with (else only symbols are known). */
    public boolean hasDebugInfo() throws DebugInfoException {
        return dwarf() != null;
    }

    /** The function symbols called {@code name}, by address; static functions of several files share a name. */
    public List<Symbol> symbols(String name) {
        return List.copyOf(symbols.named(name));
    }

    /** Every function symbol, by address. */
    public List<Symbol> functions() {
        return symbols.all();
    }

    /** The function symbol whose kallsyms extent holds {@code address}. */
    public Optional<Symbol> symbolAt(long address) {
        return Optional.ofNullable(symbols.containing(address));
    }

    /**
     * The source locations at {@code address}, innermost first. A location whose function the DWARF
     * does not name takes the name of the ELF symbol there; an address only the symbol table knows
     * gives one location without a file; an address nothing knows gives none.
     */
    public List<SourceLocation> symbolize(long address) throws DebugInfoException {
        Dwarf d = dwarf();
        List<SourceLocation> chain;
        try {
            chain = d == null ? List.of() : d.locate(address);
        } catch (UncheckedDebugInfoException e) {
            throw e.getCause();
        }
        if (!chain.isEmpty() && chain.get(0).function() != null) {
            return chain;
        }
        Symbol s = symbols.containing(address);
        if (s == null) {
            return chain;
        }
        if (chain.isEmpty()) {
            return List.of(new SourceLocation(s.name(), null, 0, 0, 0, null));
        }
        SourceLocation first = chain.get(0);
        List<SourceLocation> named = new ArrayList<>(chain);
        named.set(0, new SourceLocation(s.name(), first.file(), first.line(), first.column(), first.discriminator(),
                first.compDir()));
        return named;
    }

    /**
     * Resolves {@code function+offset[/size]} as the kernel's {@code faddr2line} does: through every
     * function symbol of that name whose kallsyms size is {@code size} (when given) and holds the
     * offset. When a size is given and no symbol has it, every symbol holding the offset is used,
     * with {@link Resolution#sizeMatches()} false.
     *
     * @param returnAddress whether the location is a return address (a call-trace entry other than
     *                      the faulting one): it is then looked up at {@code address - 1}, unless the
     *                      offset is 0, which cannot follow a call in the same function
     */
    public List<Resolution> resolve(String function, long offset, Long size, boolean returnAddress)
            throws DebugInfoException {
        List<Symbol> candidates = symbols.named(function);
        List<Symbol> chosen = new ArrayList<>();
        for (Symbol s : candidates) {
            if ((size == null || s.size() == size || lastOfModuleSection(s, size)) && Long.compareUnsigned(offset, s.size()) <= 0) {
                chosen.add(s);
            }
        }
        boolean sizeMatches = size == null || !chosen.isEmpty();
        if (chosen.isEmpty()) {
            for (Symbol s : candidates) {
                if (Long.compareUnsigned(offset, s.size()) <= 0) {
                    chosen.add(s);
                }
            }
        }
        List<Resolution> resolutions = new ArrayList<>(chosen.size());
        for (Symbol s : chosen) {
            long address = s.address() + offset;
            long lookup = returnAddress && offset > 0 ? address - 1 : address;
            resolutions.add(new Resolution(s, offset, address, lookup, sizeMatches, symbolize(lookup)));
        }
        return resolutions;
    }

    /**
     * Whether {@code s} is the last function of its section in a module and {@code size} larger: a
     * loaded module's kallsyms measures such a function to the next symbol of the module, which
     * lies in a section placed after it, so the printed size exceeds the file's.
     */
    private boolean lastOfModuleSection(Symbol s, long size) {
        if (!elf.header.relocatable() || Long.compareUnsigned(size, s.size()) <= 0) {
            return false;
        }
        ElfSection section = elf.section(s.section());
        return section != null && elf.address(section) + section.size() == s.address() + s.size();
    }

    private Dwarf dwarf() throws DebugInfoException {
        if (!dwarfRead) {
            dwarf = Dwarf.of(elf);
            dwarfRead = true;
        }
        return dwarf;
    }

    /** The file's ELF, symbols and DWARF ({@code null} without), for the other readers of this package. */
    ElfFile elf() {
        return elf;
    }

    SymbolTable symbolTable() {
        return symbols;
    }

    Dwarf dwarfOrNull() throws DebugInfoException {
        return dwarf();
    }

    /**
     * The bytes of {@code function} (one of this file's {@link #symbols}) and, in a {@code .ko}, the
     * relocations the module loader applies to them.
     */
    public FunctionCode code(Symbol function) throws DebugInfoException {
        ElfSection section = elf.section(function.section());
        if (section == null || !section.hasContents()) {
            throw DebugInfoException.invalid(elf.name(), 0, "section " + function.section() + " of " + function.name()
                    + " holds no bytes");
        }
        long base = elf.address(section);
        long start = function.address() - base;
        // The symbol table's size, as objdump lists it; assembly labels have none, so up to the next symbol.
        long size = Math.min(function.elfSize() > 0 ? function.elfSize() : function.size(), section.size() - start);
        if (start < 0 || size <= 0) {
            throw DebugInfoException.invalid(elf.name(), 0, function.name() + " is outside its section " + section.name());
        }
        try {
            byte[] bytes = elf.raw(section).bytes((int) start, (int) size);
            return new FunctionCode(function, elf.header.relocatable() ? start : function.address(), bytes,
                    TextRelocations.within(elf, section, function.address(), function.address() + size));
        } catch (UncheckedDebugInfoException e) {
            throw e.getCause();
        }
    }

    /** The address a section is placed at: sh_addr, or its place in a relocatable object's layout. */
    long sectionAddress(String section) {
        ElfSection s = elf.section(section);
        return s == null ? -1 : elf.address(s);
    }

    @Override
    public void close() throws IOException {
        elf.close();
    }
}
