package org.koops.debuginfo;

import java.util.HexFormat;

/**
 * The identification of a file's debug info: the GNU build-id note (gABI "Note Section": namesz,
 * descsz, type, then name and descriptor, each padded to 4 bytes) and the {@code .gnu_debuglink}
 * section (a file name padded to 4 bytes, then a CRC-32 of the debug file).
 */
final class ElfNotes {
    private static final int NT_GNU_BUILD_ID = 3;

    private ElfNotes() {
    }

    /** The build id in lower-case hex, from a note section or, without sections, a PT_NOTE segment; or {@code null}. */
    static String buildId(ElfFile elf) throws DebugInfoException {
        try {
            for (ElfSection s : elf.sections) {
                if (s.type() == ElfSection.SHT_NOTE) {
                    String id = find(elf.raw(s));
                    if (id != null) {
                        return id;
                    }
                }
            }
            if (elf.sections.isEmpty()) {
                for (ElfSegment p : elf.segments) {
                    if (p.type() == ElfSegment.PT_NOTE) {
                        String id = find(elf.rawSegment(p));
                        if (id != null) {
                            return id;
                        }
                    }
                }
            }
            return null;
        } catch (UncheckedDebugInfoException e) {
            throw e.getCause();
        }
    }

    private static String find(Slice notes) {
        int pos = 0;
        while (pos + 12 <= notes.size()) {
            long nameSize = notes.u32(pos);
            long descSize = notes.u32(pos + 4);
            long type = notes.u32(pos + 8);
            long name = pos + 12L;
            long desc = name + align4(nameSize);
            long next = desc + align4(descSize);
            if (next > notes.size()) {
                throw notes.invalid(pos, "note of 0x" + Long.toHexString(next - pos) + " bytes extends past " + notes.where());
            }
            if (type == NT_GNU_BUILD_ID && nameSize == 4 && notes.cstring((int) name).equals("GNU")) {
                return HexFormat.of().formatHex(notes.bytes((int) desc, (int) descSize));
            }
            pos = (int) next;
        }
        return null;
    }

    /** The file name and CRC-32 of the separate debug file, or {@code null} without {@code .gnu_debuglink}. */
    static DebugLink debugLink(ElfFile elf) throws DebugInfoException {
        ElfSection s = elf.section(".gnu_debuglink");
        if (s == null) {
            return null;
        }
        try {
            Slice link = elf.raw(s);
            String name = link.cstring(0);
            int crcAt = (int) align4(link.terminator(0) + 1L);
            return new DebugLink(name, link.u32(crcAt));
        } catch (UncheckedDebugInfoException e) {
            throw e.getCause();
        }
    }

    private static long align4(long n) {
        return (n + 3) & ~3L;
    }
}
