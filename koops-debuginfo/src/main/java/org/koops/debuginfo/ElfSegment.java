package org.koops.debuginfo;

/**
 * One entry of the program header table (gABI "Program Header"). Only notes are read from segments:
 * a stripped file may keep its build id in a PT_NOTE segment without section headers.
 */
record ElfSegment(int type, long offset, long vaddr, long filesz, long memsz) {
    static final int PT_NOTE = 4;

    static ElfSegment read(Slice table, int pos, ElfHeader h) {
        if (h.is64()) {
            return new ElfSegment((int) table.u32(pos), table.u64(pos + 8), table.u64(pos + 16),
                    table.u64(pos + 32), table.u64(pos + 40));
        }
        return new ElfSegment((int) table.u32(pos), table.u32(pos + 4), table.u32(pos + 8),
                table.u32(pos + 16), table.u32(pos + 20));
    }
}
