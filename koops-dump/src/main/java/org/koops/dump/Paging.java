package org.koops.dump;

import java.io.IOException;

/** Translates the kernel's virtual addresses to physical ones, as the dumped machine's MMU did. */
interface Paging {
    /** The physical address of {@code virtual}; fails as missing when it is not mapped or its tables are not in the dump. */
    long physical(long virtual) throws IOException;

    /** Reads the 64-bit page-table entry at physical {@code address}. */
    static long entry(PhysicalMemory memory, long address, java.nio.ByteOrder order) throws IOException {
        byte[] b = new byte[8];
        memory.read(address, b, 0, 8);
        return java.nio.ByteBuffer.wrap(b).order(order).getLong();
    }
}
