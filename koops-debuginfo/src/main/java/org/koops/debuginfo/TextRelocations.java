package org.koops.debuginfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The relocations of a code section, listed rather than applied: which bytes of a function the module
 * loader fills in, and with what; a vmlinux linked with {@code --emit-relocs} keeps them too, for the
 * kernel to relocate itself (gABI "Relocation", "Symbol Table").
 */
final class TextRelocations {
    private static final int STT_SECTION = 3;
    /** Names of the relocation types of code sections; the data-section ones come from {@link RelocationTypes}. */
    private static final Map<Integer, Map<Integer, String>> CODE_TYPES = Map.of(
            ElfHeader.EM_X86_64, Map.of(4, "R_X86_64_PLT32", 9, "R_X86_64_GOTPCREL", 42, "R_X86_64_REX_GOTPCRELX",
                    41, "R_X86_64_GOTPCRELX"),
            ElfHeader.EM_AARCH64, Map.ofEntries(Map.entry(275, "R_AARCH64_ADR_PREL_PG_HI21"),
                    Map.entry(277, "R_AARCH64_ADD_ABS_LO12_NC"), Map.entry(278, "R_AARCH64_LDST8_ABS_LO12_NC"),
                    Map.entry(279, "R_AARCH64_TSTBR14"), Map.entry(280, "R_AARCH64_CONDBR19"),
                    Map.entry(282, "R_AARCH64_JUMP26"), Map.entry(283, "R_AARCH64_CALL26"),
                    Map.entry(284, "R_AARCH64_LDST16_ABS_LO12_NC"), Map.entry(285, "R_AARCH64_LDST32_ABS_LO12_NC"),
                    Map.entry(286, "R_AARCH64_LDST64_ABS_LO12_NC"), Map.entry(299, "R_AARCH64_LDST128_ABS_LO12_NC")));

    private TextRelocations() {
    }

    /** The relocations of {@code section} that write within [{@code from}, {@code to}) of its addresses. */
    static List<FunctionCode.Relocation> within(ElfFile elf, ElfSection section, long from, long to) throws DebugInfoException {
        List<FunctionCode.Relocation> out = new ArrayList<>();
        ElfHeader h = elf.header;
        // r_offset is an offset into the section in a relocatable object, a virtual address in a linked file.
        long base = h.relocatable() ? elf.address(section) : 0;
        for (ElfSection table : Relocations.tablesOf(elf, section)) {
            if (table.link() <= 0 || table.link() >= elf.sections.size()) {
                continue;
            }
            ElfSection symtab = elf.sections.get(table.link());
            Slice symbols = elf.contents(symtab);
            Slice names = symtab.link() > 0 && symtab.link() < elf.sections.size()
                    ? elf.contents(elf.sections.get(symtab.link())) : null;
            Relocations.forEachEntry(elf, table, (pos, offset, type, symbol, rela, addend) -> {
                long address = base + offset;
                if (address >= from && address < to) {
                    out.add(new FunctionCode.Relocation(address, width(h.machine(), type), name(h.machine(), type),
                            symbolName(elf, symbols, names, symbol) + addend(addend)));
                }
            });
        }
        out.sort(Comparator.comparingLong(FunctionCode.Relocation::address));
        return out;
    }

    private static String name(int machine, int type) {
        Map<Integer, RelocationTypes.Kind> data = RelocationTypes.of(machine);
        if (data != null && data.containsKey(type)) {
            return data.get(type).name();
        }
        return CODE_TYPES.getOrDefault(machine, Map.of()).getOrDefault(type, "type " + type);
    }

    private static int width(int machine, int type) {
        Map<Integer, RelocationTypes.Kind> data = RelocationTypes.of(machine);
        return data != null && data.containsKey(type) ? data.get(type).width() : 4;
    }

    /** The symbol's name; a section symbol by its section's name, as objdump prints it. */
    private static String symbolName(ElfFile elf, Slice symbols, Slice names, long index) {
        ElfHeader h = elf.header;
        long start = index * h.symbolSize();
        if (index <= 0 || start > symbols.size() - h.symbolSize()) {
            return "*ABS*";
        }
        int at = (int) start;
        int type = symbols.u8(at + (h.is64() ? 4 : 12)) & 0xf;
        int shndx = symbols.u16(at + (h.is64() ? 6 : 14));
        if (type == STT_SECTION && elf.isSection(shndx)) {
            return elf.sections.get(shndx).name();
        }
        long name = symbols.u32(at);
        return names == null || name >= names.size() ? "symbol " + index : names.cstring((int) name);
    }

    private static String addend(long value) {
        return value == 0 ? "" : value < 0 ? "-0x" + Long.toHexString(-value) : "+0x" + Long.toHexString(value);
    }
}
