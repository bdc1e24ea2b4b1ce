package org.koops.debuginfo;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ELF file: its header, its section and segment tables, and the contents of its sections as
 * {@link Slice}s, decompressed ({@code SHF_COMPRESSED}, {@code .zdebug_*}) and, in a relocatable
 * object, relocated. Contents are produced on first use and cached.
 *
 * <p>A relocatable object (a kernel module) has no addresses: every section starts at 0. Like a
 * loader, this class gives each allocated section its own address, one after the other in table
 * order, and applies the relocations of the debug sections against them; so symbols and DWARF
 * agree on one address space, as they do in {@code vmlinux}.
 */
final class ElfFile implements Closeable {
    private static final int SHN_UNDEF = 0;
    private static final int SHN_LORESERVE = 0xff00;

    private final MappedFile file;
    final ElfHeader header;
    final List<ElfSection> sections;
    final List<ElfSegment> segments;
    private final long[] addresses;
    private final Map<Integer, Slice> contents = new HashMap<>();
    /** The sections whose relocations are being applied: a table that needs its own target's contents is a cycle. */
    private final Set<Integer> relocating = new HashSet<>();

    private ElfFile(MappedFile file, ElfHeader header, List<ElfSection> sections, List<ElfSegment> segments) {
        this.file = file;
        this.header = header;
        this.sections = sections;
        this.segments = segments;
        this.addresses = layout(header, sections);
    }

    static ElfFile open(Path path) throws IOException {
        MappedFile file = MappedFile.open(path);
        try {
            ElfHeader header = ElfHeader.read(file.slice(0, ElfHeader.IDENT_SIZE, ByteOrder.LITTLE_ENDIAN, "ELF header"), file);
            List<ElfSection> sections = readSections(file, header);
            return new ElfFile(file, header, sections, readSegments(file, header, sections));
        } catch (UncheckedDebugInfoException e) {
            file.close();
            throw e.getCause();
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private static List<ElfSection> readSections(MappedFile file, ElfHeader h) throws DebugInfoException {
        if (h.shoff() == 0) {
            return List.of();
        }
        Slice first = table(file, h.shoff(), 1, h.shentsize(), h, "section header table");
        ElfSection zero = ElfSection.read(first, 0, h, 0);
        // Extended numbering (gABI): counts too large for the header live in section 0.
        long count = h.shnum() != 0 ? h.shnum() : zero.size();
        long names = h.shstrndx() != ElfHeader.SHN_XINDEX ? h.shstrndx() : Integer.toUnsignedLong(zero.link());
        Slice table = table(file, h.shoff(), count, h.shentsize(), h, "section header table");
        List<ElfSection> raw = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            raw.add(ElfSection.read(table, i * h.shentsize(), h, i));
        }
        if (names >= count) {
            throw DebugInfoException.invalid(file.name() + " ELF header", 0, "section name table index " + names
                    + " is not below the section count " + count);
        }
        ElfSection strtab = raw.get((int) names);
        Slice strings = file.slice(strtab.offset(), strtab.size(), h.order(), "section name table");
        List<ElfSection> named = new ArrayList<>(raw.size());
        for (ElfSection s : raw) {
            long nameOffset = ElfSection.nameOffset(table, s.index() * h.shentsize());
            named.add(s.named(strings.cstring(strings.index(nameOffset, "name of section " + s.index()))));
        }
        return List.copyOf(named);
    }

    private static List<ElfSegment> readSegments(MappedFile file, ElfHeader h, List<ElfSection> sections)
            throws DebugInfoException {
        long count = h.phnum() == ElfHeader.PN_XNUM && !sections.isEmpty()
                ? Integer.toUnsignedLong(sections.get(0).info()) : h.phnum();
        if (h.phoff() == 0 || count == 0) {
            return List.of();
        }
        Slice table = table(file, h.phoff(), count, h.phentsize(), h, "program header table");
        List<ElfSegment> segments = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            segments.add(ElfSegment.read(table, i * h.phentsize(), h));
        }
        return List.copyOf(segments);
    }

    /** A table of {@code count} entries at {@code offset}, which must lie wholly in the file. */
    private static Slice table(MappedFile file, long offset, long count, int entrySize, ElfHeader h, String what)
            throws DebugInfoException {
        if (offset > file.size() || count > (file.size() - offset) / entrySize) {
            throw DebugInfoException.truncated(file.name() + " " + what, offset, "the file ends at 0x"
                    + Long.toHexString(file.size()) + ", before the end of its " + count + " entries of " + entrySize + " bytes");
        }
        return file.slice(offset, count * entrySize, h.order(), what);
    }

    /** Section addresses: sh_addr, or for a relocatable object a loader-like layout from 0. */
    private static long[] layout(ElfHeader h, List<ElfSection> sections) {
        long[] addresses = new long[sections.size()];
        long next = 0;
        for (ElfSection s : sections) {
            if (!h.relocatable()) {
                addresses[s.index()] = s.address();
            } else if (s.allocated()) {
                long align = s.addralign() > 1 && s.addralign() <= 1L << 32 ? s.addralign() : 1;
                long start = (next + align - 1) / align * align;
                addresses[s.index()] = start;
                next = start + s.size();
            }
        }
        return addresses;
    }

    String name() {
        return file.name();
    }

    /** The file's size in bytes. */
    long size() {
        return file.size();
    }

    /** The address a section is loaded at (see the class comment for relocatable objects). */
    long address(ElfSection section) {
        return addresses[section.index()];
    }

    /** Whether a symbol's st_shndx names a section, not SHN_UNDEF, SHN_ABS or another special index. */
    boolean isSection(int index) {
        return index > SHN_UNDEF && index < SHN_LORESERVE && index < addresses.length;
    }

    ElfSection section(String name) {
        for (ElfSection s : sections) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** A DWARF section by its {@code .debug_*} name, also found under the old {@code .zdebug_*} name. */
    Slice debugSection(String name) throws DebugInfoException {
        ElfSection s = section(name);
        if (s == null) {
            s = section(".z" + name.substring(1));
        }
        return s == null || !s.hasContents() ? null : contents(s);
    }

    /** The section's bytes as written in the file, clipped if the file ends first. */
    Slice raw(ElfSection s) throws DebugInfoException {
        return file.slice(s.offset(), s.hasContents() ? s.size() : 0, header.order(), s.name());
    }

    Slice rawSegment(ElfSegment p) throws DebugInfoException {
        return file.slice(p.offset(), p.filesz(), header.order(), "segment at 0x" + Long.toHexString(p.offset()));
    }

    /**
     * The section's bytes decompressed and, in a relocatable object, relocated; cached. Synchronized:
     * a symbolizer being prepared reads its symbols and its DWARF on two threads.
     */
    synchronized Slice contents(ElfSection s) throws DebugInfoException {
        Slice cached = contents.get(s.index());
        if (cached == null) {
            try {
                cached = SectionDecompressor.contents(this, s);
                if (header.relocatable() && !s.allocated()) {
                    if (!relocating.add(s.index())) {
                        throw DebugInfoException.invalid(name() + " " + s.name(), s.offset(),
                                "its relocations need its own relocated contents (a cycle of relocation tables)");
                    }
                    try {
                        cached = Relocations.apply(this, s, cached);
                    } finally {
                        relocating.remove(s.index());
                    }
                }
            } catch (UncheckedDebugInfoException e) {
                throw e.getCause();
            }
            contents.put(s.index(), cached);
        }
        return cached;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
