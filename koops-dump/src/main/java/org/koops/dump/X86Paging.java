package org.koops.dump;

import java.io.IOException;
import java.nio.ByteOrder;

/**
 * x86-64 address translation (Intel SDM vol. 3, 4.5 "4-level and 5-level paging"). The kernel image
 * ({@code __START_KERNEL_map}, 0xffffffff80000000, and the 1 GiB after it) is at {@code phys_base}
 * plus its offset there, as {@code __pa_symbol()} computes; everything else, the direct map
 * ({@code page_offset_base}, moved by KASLR) and vmalloc, is looked up in the kernel's page tables
 * from {@code init_top_pgt}: 9 bits an entry at each of 4 or 5 levels, 1 GiB and 2 MiB pages where
 * an entry has the PS bit. A walk has a fixed depth, so tables that point back at themselves cannot
 * make it loop.
 */
final class X86Paging implements Paging {
    static final long START_KERNEL_MAP = 0xffffffff80000000L;
    /** The top table when VMCOREINFO does not say where it is. */
    static final long NO_TABLE = -1;
    private static final long KERNEL_IMAGE_SIZE = 1L << 30;
    private static final long PRESENT = 1;
    private static final long PAGE_SIZE_BIT = 1 << 7;
    private static final long ADDRESS_MASK = 0x000ffffffffff000L;

    private final PhysicalMemory memory;
    private final long topTable;
    private final int levels;
    private final long physBase;
    private final long addressMask;

    /**
     * @param topTable the physical address of the top page table
     * @param smeMask  AMD SME's encryption bit (VMCOREINFO's {@code NUMBER(sme_mask)}), cleared from entries
     */
    X86Paging(PhysicalMemory memory, long topTable, boolean fiveLevel, long physBase, long smeMask) {
        this.memory = memory;
        this.topTable = topTable;
        this.levels = fiveLevel ? 5 : 4;
        this.physBase = physBase;
        this.addressMask = ADDRESS_MASK & ~smeMask;
    }

    /** The physical address of a symbol of the kernel image. */
    static long imagePhysical(long symbol, long physBase) {
        return symbol - START_KERNEL_MAP + physBase;
    }

    @Override
    public long physical(long virtual) throws IOException {
        if (Long.compareUnsigned(virtual, START_KERNEL_MAP) >= 0
                && Long.compareUnsigned(virtual - START_KERNEL_MAP, KERNEL_IMAGE_SIZE) < 0) {
            return imagePhysical(virtual, physBase);
        }
        if (topTable == NO_TABLE) {
            throw DumpException.missing("VMCOREINFO", -1, "no SYMBOL(init_top_pgt)");
        }
        long table = topTable;
        for (int level = levels; level >= 1; level--) {
            int shift = 12 + 9 * (level - 1);
            long entryAddress = table + ((virtual >>> shift) & 511) * 8;
            long entry = Paging.entry(memory, entryAddress, ByteOrder.LITTLE_ENDIAN);
            if ((entry & PRESENT) == 0) {
                throw DumpException.missing("virtual address", virtual, "not mapped (level-" + level
                        + " entry at physical 0x" + Long.toHexString(entryAddress) + " is not present)");
            }
            if (level == 1 || ((level == 2 || level == 3) && (entry & PAGE_SIZE_BIT) != 0)) {
                long pageMask = (1L << shift) - 1;
                return (entry & addressMask & ~pageMask) | (virtual & pageMask);
            }
            table = entry & addressMask;
        }
        throw new IllegalStateException("unreachable");
    }
}
