package org.koops.debuginfo;

import java.nio.ByteOrder;

/**
 * The ELF file header (System V gABI, "ELF Header"): the file's class and byte order, and where its
 * tables are. It holds the offset arithmetic of the tables, so readers of entries never compute
 * entry sizes themselves.
 *
 * @param is64      ELFCLASS64 rather than ELFCLASS32
 * @param order     the byte order of every multi-byte value (EI_DATA)
 * @param type      e_type: ET_REL (1), ET_EXEC (2), ET_DYN (3) ...
 * @param machine   e_machine: EM_X86_64 (62), EM_AARCH64 (183), EM_386 (3) ...
 * @param phoff     file offset of the program header table, 0 if none
 * @param shoff     file offset of the section header table, 0 if none
 * @param phentsize size of one program header
 * @param phnum     number of program headers as written in the header (PN_XNUM is resolved by {@link ElfFile})
 * @param shentsize size of one section header
 * @param shnum     number of section headers as written (0 with extended numbering)
 * @param shstrndx  index of the section-name string table as written (SHN_XINDEX with extended numbering)
 */
record ElfHeader(boolean is64, ByteOrder order, int type, int machine, long phoff, long shoff,
                 int phentsize, int phnum, int shentsize, int shnum, int shstrndx) {
    static final int ET_REL = 1;
    static final int EM_386 = 3;
    static final int EM_X86_64 = 62;
    static final int EM_AARCH64 = 183;
    /** e_ident is followed by the fields of an ELF32 header up to e_shstrndx. */
    static final int IDENT_SIZE = 16;
    static final int ELF64_SIZE = 64;
    static final int ELF32_SIZE = 52;
    static final int SHN_XINDEX = 0xffff;
    static final int PN_XNUM = 0xffff;

    /** Reads and checks the header at the start of {@code file}, whose byte order is not yet known. */
    static ElfHeader read(Slice ident, MappedFile file) throws DebugInfoException {
        if (ident.size() < IDENT_SIZE || ident.u8(0) != 0x7f || ident.u8(1) != 'E' || ident.u8(2) != 'L' || ident.u8(3) != 'F') {
            throw ident.size() < 4
                    ? DebugInfoException.truncated(ident.where(), 0, "the file is too short for an ELF header")
                    : DebugInfoException.invalid(ident.where(), 0, "not an ELF file (no \\x7fELF magic)");
        }
        int elfClass = ident.u8(4);
        int data = ident.u8(5);
        if (elfClass != 1 && elfClass != 2) {
            throw DebugInfoException.invalid(ident.where(), 4, "unknown ELF class " + elfClass);
        }
        if (data != 1 && data != 2) {
            throw DebugInfoException.invalid(ident.where(), 5, "unknown ELF data encoding " + data);
        }
        boolean is64 = elfClass == 2;
        ByteOrder order = data == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        int size = is64 ? ELF64_SIZE : ELF32_SIZE;
        Slice h = file.slice(0, size, order, "ELF header");
        if (h.clipped()) {
            throw DebugInfoException.truncated(h.where(), h.size(), "the file ends inside the ELF header");
        }
        int w = is64 ? 8 : 4;
        int type = h.u16(16);
        int machine = h.u16(18);
        long phoff = h.unsigned(24 + w, w);
        long shoff = h.unsigned(24 + 2 * w, w);
        int base = 24 + 3 * w + 4;
        ElfHeader header = new ElfHeader(is64, order, type, machine, phoff, shoff, h.u16(base + 2), h.u16(base + 4),
                h.u16(base + 6), h.u16(base + 8), h.u16(base + 10));
        header.checkEntrySizes(h);
        return header;
    }

    private void checkEntrySizes(Slice h) throws DebugInfoException {
        if (shoff != 0 && shentsize < sectionHeaderSize()) {
            throw DebugInfoException.invalid(h.where(), is64 ? 58 : 46, "section header size " + shentsize
                    + " is smaller than " + sectionHeaderSize());
        }
        if (phoff != 0 && phnum != 0 && phentsize < programHeaderSize()) {
            throw DebugInfoException.invalid(h.where(), is64 ? 54 : 42, "program header size " + phentsize
                    + " is smaller than " + programHeaderSize());
        }
    }

    int addressSize() {
        return is64 ? 8 : 4;
    }

    boolean relocatable() {
        return type == ET_REL;
    }

    int sectionHeaderSize() {
        return is64 ? 64 : 40;
    }

    int programHeaderSize() {
        return is64 ? 56 : 32;
    }

    long sectionHeaderOffset(int index) {
        return shoff + (long) index * shentsize;
    }

    long programHeaderOffset(int index) {
        return phoff + (long) index * phentsize;
    }

    int symbolSize() {
        return is64 ? 24 : 16;
    }

    int relocationSize(boolean withAddend) {
        return (is64 ? 16 : 8) + (withAddend ? addressSize() : 0);
    }

    /** Elf32_Chdr or Elf64_Chdr, which starts an SHF_COMPRESSED section. */
    int compressionHeaderSize() {
        return is64 ? 24 : 12;
    }
}
