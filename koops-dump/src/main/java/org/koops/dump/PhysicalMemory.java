package org.koops.dump;

import java.io.IOException;

/** The machine's physical memory as a dump holds it: ELF segments, or kdump compressed pages. */
interface PhysicalMemory {
    /**
     * Reads {@code length} bytes at physical address {@code address}, across the dump's pages if need be
     * (a damaged dump's page tables or offsets need not keep a read within one); fails as {@link DumpException.Kind#MISSING} when the dump does not hold them (a hole, a page
     * filtered out) and as truncated when the file ends before them.
     */
    void read(long address, byte[] dst, int pos, int length) throws IOException;

    /**
     * Calls {@code visitor} with the start and length of each physical range the dump holds, in
     * order of address: what a search of the memory goes through.
     */
    void ranges(RangeVisitor visitor) throws IOException;

    /** Receives one range of physical memory; returns false to stop. */
    interface RangeVisitor {
        boolean range(long start, long length) throws IOException;
    }
}
