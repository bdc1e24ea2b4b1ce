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

    static Slice apply(ElfFile elf, ElfSection target, Slice data) throws DebugInfoException {
        List<ElfSection> tables = new ArrayList<>();
        for (ElfSection s : elf.sections) {
            if ((s.type() == ElfSection.SHT_RELA || s.type() == ElfSection.SHT_REL) && s.info() == target.index()) {
                tables.add(s);
            }
        }
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
        ElfHeader h = elf.header;
        boolean rela = table.type() == ElfSection.SHT_RELA;
        int w = h.addressSize();
        int entry = h.relocationSize(rela);
        Slice entries = elf.raw(table);
        long count = table.size() / entry;
        for (int i = 0; i < count; i++) {
            int pos = i * entry;
            long offset = entries.unsigned(pos, w);
            long info = entries.unsigned(pos + w, w);
            int type = (int) (h.is64() ? info & 0xffffffffL : info & 0xff);
            RelocationTypes.Kind kind = kinds.get(type);
            if (kind == null) {
                continue;
            }
            long symbol = h.is64() ? info >>> 32 : info >>> 8;
            if (offset < 0 || offset > out.size() - kind.width()) {
                throw DebugInfoException.invalid(entries.where(), pos, kind.name() + " at 0x" + Long.toHexString(offset)
                        + " is outside " + target.name());
            }
            int at = (int) offset;
            long addend = rela ? signed(entries.unsigned(pos + 2 * w, w), w) : signed(out.unsigned(at, kind.width()), kind.width());
            long value = symbolValue(elf, symbols, symbol, entries.where(), pos) + addend;
            if (kind.pcRelative()) {
                value -= elf.address(target) + offset;
            }
            out.putUnsigned(at, kind.width(), value);
        }
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

    private static long signed(long value, int width) {
        int shift = 64 - 8 * width;
        return value << shift >> shift;
    }
}
