package org.koops.dump;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Finds the VMCOREINFO text in a dump's memory when the dump has no note for it (qemu's
 * {@code dump-guest-memory} without its vmcoreinfo device): the kernel keeps the text at the start
 * of a page of its own ({@code vmcoreinfo_data}), so only the first bytes of each page are compared
 * until one starts with {@code OSRELEASE=}.
 */
final class VmcoreinfoSearch {
    /** The kernel's vmcoreinfo_data is one page (VMCOREINFO_BYTES). */
    private static final int MAX_TEXT = 4096;

    private VmcoreinfoSearch() {
    }

    static byte[] find(PhysicalMemory memory, int pageSize) throws IOException {
        byte[][] found = {null};
        byte[] page = new byte[Math.max(pageSize, MAX_TEXT)];
        memory.ranges((start, length) -> {
            long first = (start + pageSize - 1) / pageSize * pageSize;
            for (long address = first; address + pageSize <= start + length; address += pageSize) {
                try {
                    memory.read(address, page, 0, 16);
                } catch (DumpException e) {
                    continue;
                }
                if (page[0] == 'O' && new String(page, 0, 10, StandardCharsets.ISO_8859_1).equals("OSRELEASE=")) {
                    memory.read(address, page, 0, pageSize);
                    int end = 0;
                    while (end < MAX_TEXT && end < pageSize && page[end] != 0) {
                        end++;
                    }
                    String text = new String(page, 0, end, StandardCharsets.ISO_8859_1);
                    if (Vmcoreinfo.looksLike(text)) {
                        found[0] = java.util.Arrays.copyOf(page, end);
                        return false;
                    }
                }
            }
            return true;
        });
        return found[0];
    }
}
