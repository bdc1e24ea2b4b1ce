package org.koops.debuginfo;

import java.util.Map;

/**
 * The relocation types found in the debug sections of kernel modules, per machine, as data: how
 * many bytes each writes and whether it is PC-relative. Types not listed are left unapplied: in
 * debug sections they only occur in location expressions (TLS offsets), which symbolising never reads.
 */
final class RelocationTypes {
    /** How one relocation type computes its value: S + A, or S + A - P when {@code pcRelative}. */
    record Kind(String name, int width, boolean pcRelative) {
    }

    private static final Map<Integer, Map<Integer, Kind>> BY_MACHINE = Map.of(
            ElfHeader.EM_X86_64, Map.of(
                    1, new Kind("R_X86_64_64", 8, false),
                    2, new Kind("R_X86_64_PC32", 4, true),
                    10, new Kind("R_X86_64_32", 4, false),
                    11, new Kind("R_X86_64_32S", 4, false),
                    24, new Kind("R_X86_64_PC64", 8, true),
                    // DWARF 5 §7.5.5: DW_OP_form_tls_address operands hold DTP offsets, S + A.
                    17, new Kind("R_X86_64_DTPOFF64", 8, false),
                    21, new Kind("R_X86_64_DTPOFF32", 4, false)),
            ElfHeader.EM_AARCH64, Map.of(
                    257, new Kind("R_AARCH64_ABS64", 8, false),
                    258, new Kind("R_AARCH64_ABS32", 4, false),
                    259, new Kind("R_AARCH64_ABS16", 2, false),
                    260, new Kind("R_AARCH64_PREL64", 8, true),
                    261, new Kind("R_AARCH64_PREL32", 4, true),
                    262, new Kind("R_AARCH64_PREL16", 2, true),
                    // ILP32 objects (ELFCLASS32) use the P32 numbering.
                    1, new Kind("R_AARCH64_P32_ABS32", 4, false),
                    3, new Kind("R_AARCH64_P32_PREL32", 4, true)),
            ElfHeader.EM_386, Map.of(
                    1, new Kind("R_386_32", 4, false),
                    2, new Kind("R_386_PC32", 4, true)));

    private RelocationTypes() {
    }

    /** The machine's table, or {@code null} when this reader cannot relocate its objects. */
    static Map<Integer, Kind> of(int machine) {
        return BY_MACHINE.get(machine);
    }
}
