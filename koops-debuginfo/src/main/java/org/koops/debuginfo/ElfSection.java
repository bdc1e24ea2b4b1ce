package org.koops.debuginfo;

/**
 * One entry of the section header table (gABI "Sections"), its name resolved.
 *
 * @param index   position in the table, which symbols and relocations refer to
 * @param address sh_addr: where the section is loaded (0 in relocatable objects; see {@link ElfFile#address})
 * @param offset  sh_offset: where its bytes are in the file
 */
record ElfSection(int index, String name, int type, long flags, long address, long offset, long size,
                  int link, int info, long addralign, long entsize) {
    static final int SHT_SYMTAB = 2;
    static final int SHT_RELA = 4;
    static final int SHT_NOTE = 7;
    static final int SHT_NOBITS = 8;
    static final int SHT_REL = 9;
    static final int SHT_DYNSYM = 11;
    static final long SHF_ALLOC = 0x2;
    static final long SHF_EXECINSTR = 0x4;
    static final long SHF_COMPRESSED = 0x800;

    /** Reads entry {@code index} at {@code pos} of the section header table; the name is set later. */
    static ElfSection read(Slice table, int pos, ElfHeader h, int index) {
        int w = h.addressSize();
        int type = (int) table.u32(pos + 4);
        long flags = table.unsigned(pos + 8, w);
        long address = table.unsigned(pos + 8 + w, w);
        long offset = table.unsigned(pos + 8 + 2 * w, w);
        long size = table.unsigned(pos + 8 + 3 * w, w);
        int link = (int) table.u32(pos + 8 + 4 * w);
        int info = (int) table.u32(pos + 12 + 4 * w);
        long addralign = table.unsigned(pos + 16 + 4 * w, w);
        long entsize = table.unsigned(pos + 16 + 5 * w, w);
        return new ElfSection(index, null, type, flags, address, offset, size, link, info, addralign, entsize);
    }

    static long nameOffset(Slice table, int pos) {
        return table.u32(pos);
    }

    ElfSection named(String sectionName) {
        return new ElfSection(index, sectionName, type, flags, address, offset, size, link, info, addralign, entsize);
    }

    boolean allocated() {
        return (flags & SHF_ALLOC) != 0;
    }

    boolean executable() {
        return (flags & SHF_EXECINSTR) != 0;
    }

    boolean compressed() {
        return (flags & SHF_COMPRESSED) != 0;
    }

    /** Whether the section occupies bytes in the file (NOBITS sections like .bss do not). */
    boolean hasContents() {
        return type != SHT_NOBITS && type != 0;
    }
}
