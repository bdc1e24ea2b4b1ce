package org.koops.debuginfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies the relocations of one non-allocated section of a relocatable object (gABI "Relocation"):
 * in a kernel module the debug sections hold 0 where they mean "address of this function" or
 * "offset into .debug_str", and the {@code .rela.debug_*} sections say what to add.
 */
final class Relocations {
    private static final int SHN_ABS = 0xfff1;
    private static final int SHN_XINDEX = 0xffff;

    private Relocations() {
    }

    /** One entry of a relocation table, its fields decoded (gABI "Relocation"). */
    @FunctionalInterface
    interface EntryVisitor {
        /**
         * @param pos    the entry's offset in its table
         * @param rela   whether the entry has an explicit addend (SHT_RELA); an SHT_REL one's is in the bytes it relocates
         * @param addend the explicit addend, else 0
         */
        void visit(int pos, long offset, int type, long symbol, boolean rela, long addend) throws DebugInfoException;
    }

    /** The relocation tables (SHT_REL, SHT_RELA) that apply to {@code target}. */
    static List<ElfSection> tablesOf(ElfFile elf, ElfSection target) {
        List<ElfSection> tables = new ArrayList<>();
        for (ElfSection s : elf.sections) {
            if ((s.type() == ElfSection.SHT_RELA || s.type() == ElfSection.SHT_REL) && s.info() == target.index()) {
                tables.add(s);
            }
        }
        return tables;
    }

    /** Visits every entry of {@code table}, in order. */
    static void forEachEntry(ElfFile elf, ElfSection table, EntryVisitor visitor) throws DebugInfoException {
        ElfHeader h = elf.header;
        boolean rela = table.type() == ElfSection.SHT_RELA;
        int w = h.addressSize();
        int entry = h.relocationSize(rela);
        Slice entries = elf.raw(table);
        long count = table.size() / entry;
        for (int i = 0; i < count; i++) {
            int pos = i * entry;
            long info = entries.unsigned(pos + w, w);
            visitor.visit(pos, entries.unsigned(pos, w), (int) (h.is64() ? info & 0xffffffffL : info & 0xff),
                    h.is64() ? info >>> 32 : info >>> 8, rela, rela ? signed(entries.unsigned(pos + 2 * w, w), w) : 0);
        }
    }

    static Slice apply(ElfFile elf, ElfSection target, Slice data) throws DebugInfoException {
        List<ElfSection> tables = tablesOf(elf, target);
        if (tables.isEmpty()) {
            return data;
        }
        ElfHeader h = elf.header;
        Map<Integer, RelocationTypes.Kind> kinds = RelocationTypes.of(h.machine());
        if (kinds == null) {
            throw DebugInfoException.unsupported(elf.name() + " " + tables.get(0).name(), 0,
                    "relocations of machine " + h.machine() + " are not supported");
        }
        Slice out = data.heapCopy();
        for (ElfSection table : tables) {
            if (table.link() <= 0 || table.link() >= elf.sections.size()) {
                throw DebugInfoException.invalid(elf.name() + " " + table.name(), 0, "symbol table index "
                        + table.link() + " is not a section");
            }
            apply(elf, target, out, table, elf.contents(elf.sections.get(table.link())), kinds);
        }
        return out;
    }

    private static void apply(ElfFile elf, ElfSection target, Slice out, ElfSection table, Slice symbols,
                              Map<Integer, RelocationTypes.Kind> kinds) throws DebugInfoException {
        String where = elf.raw(table).where();
        forEachEntry(elf, table, (pos, offset, type, symbol, rela, explicitAddend) -> {
            RelocationTypes.Kind kind = kinds.get(type);
            if (kind == null) {
                return;
            }
            if (offset < 0 || offset > out.size() - kind.width()) {
                throw DebugInfoException.invalid(where, pos, kind.name() + " at 0x" + Long.toHexString(offset)
                        + " is outside " + target.name());
            }
            int at = (int) offset;
            long addend = rela ? explicitAddend : signed(out.unsigned(at, kind.width()), kind.width());
            long value = symbolValue(elf, symbols, symbol, where, pos) + addend;
            if (kind.pcRelative()) {
                value -= elf.address(target) + offset;
            }
            out.putUnsigned(at, kind.width(), value);
        });
    }

    private static long symbolValue(ElfFile elf, Slice symbols, long index, String where, int pos)
            throws DebugInfoException {
        ElfHeader h = elf.header;
        long start = index * h.symbolSize();
        if (index < 0 || start > symbols.size() - h.symbolSize()) {
            throw DebugInfoException.invalid(where, pos, "symbol index " + index + " is outside " + symbols.where());
        }
        int at = (int) start;
        long value = h.is64() ? symbols.u64(at + 8) : symbols.u32(at + 4);
        int shndx = symbols.u16(at + (h.is64() ? 6 : 14));
        if (shndx == SHN_ABS) {
            return value;
        }
        if (shndx == SHN_XINDEX) {
            throw DebugInfoException.unsupported(where, pos, "symbol " + index + " uses an extended section index");
        }
        return elf.isSection(shndx) ? elf.address(elf.sections.get(shndx)) + value : value;
    }

    /** {@code value}'s low {@code width} bytes as a signed number. */
    static long signed(long value, int width) {
        int shift = 64 - 8 * width;
        return value << shift >> shift;
    }
}
