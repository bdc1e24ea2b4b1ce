package org.koops.dump;

import java.io.IOException;
import java.nio.ByteOrder;

/**
 * AArch64 address translation of the kernel's (TTBR1) half (Arm ARM D8, "The AArch64 Virtual Memory
 * System Architecture"), with the granule of the kernel's page size and {@code VA_BITS} of address:
 * each level resolves {@code log2(page size) - 3} bits, as many levels as the address needs. A
 * descriptor's low bits say invalid (0), block (1, above the last level) or table/page (3). The
 * kernel image is at {@code virtual - kimage_voffset} (how {@code __pa_symbol()} computes), which
 * also locates {@code swapper_pg_dir}, the top table.
 */
final class Arm64Paging implements Paging {
    /** Output address bits [47:page shift]; 52-bit physical addresses are not read. */
    private static final long OUTPUT_MASK = 0x0000ffffffffffffL;

    private final PhysicalMemory memory;
    private final long topTable;
    private final int pageShift;
    private final int bitsPerLevel;
    private final int levels;
    private final int vaBits;
    private final long kimageVoffset;
    private final long imageStart;
    private final long imageEnd;
    private final ByteOrder order;

    /**
     * @param imageStart the kernel image's first virtual address ({@code _text}/{@code _stext}), or 0
     * @param imageEnd   its end ({@code _end}), or 0: between the two, {@code kimage_voffset} translates
     */
    Arm64Paging(PhysicalMemory memory, long topTable, int pageSize, int vaBits, long kimageVoffset,
                long imageStart, long imageEnd, ByteOrder order) {
        this.memory = memory;
        this.topTable = topTable;
        this.pageShift = Integer.numberOfTrailingZeros(pageSize);
        this.bitsPerLevel = pageShift - 3;
        this.vaBits = vaBits;
        this.levels = (vaBits - pageShift + bitsPerLevel - 1) / bitsPerLevel;
        this.kimageVoffset = kimageVoffset;
        this.imageStart = imageStart;
        this.imageEnd = imageEnd;
        this.order = order;
    }

    @Override
    public long physical(long virtual) throws IOException {
        if (imageEnd != 0 && Long.compareUnsigned(virtual, imageStart) >= 0 && Long.compareUnsigned(virtual, imageEnd) < 0) {
            return virtual - kimageVoffset;
        }
        long table = topTable;
        for (int level = 0; level < levels; level++) {
            int shift = pageShift + bitsPerLevel * (levels - 1 - level);
            int indexBits = level == 0 ? vaBits - shift : bitsPerLevel;
            long entryAddress = table + ((virtual >>> shift) & ((1L << indexBits) - 1)) * 8;
            long d = Paging.entry(memory, entryAddress, order);
            long kind = d & 3;
            boolean last = level == levels - 1;
            if (kind == 0 || (kind == 1 && (last || level == 0))) {
                throw DumpException.missing("virtual address", virtual, "not mapped (level-" + level
                        + " descriptor at physical 0x" + Long.toHexString(entryAddress) + " is invalid)");
            }
            if (last || kind == 1) {
                long pageMask = (1L << shift) - 1;
                return (d & OUTPUT_MASK & ~pageMask) | (virtual & pageMask);
            }
            table = d & OUTPUT_MASK & ~((1L << pageShift) - 1);
        }
        throw new IllegalStateException("unreachable");
    }
}
