package org.koops.dump;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The headers of a kdump compressed dump (makedumpfile's {@code diskdump_mod.h}: {@code disk_dump_header}
 * and {@code kdump_sub_header}, 64-bit layout), holding the offset arithmetic of the file: block 0 is
 * the header, then {@code subHeaderBlocks} blocks of sub header, {@code bitmapBlocks} blocks of two
 * bitmaps of equal size (pages present in memory, pages dumped), then one page descriptor per dumped
 * page and the pages' data.
 *
 * @param version          header_version (6 and later: 64-bit page counts in the sub header)
 * @param release          the kernel release (utsname.release)
 * @param machine          utsname.machine: x86_64, aarch64, or {@code Unknown} (qemu 7.2's arm64 dumps)
 * @param blockSize        block_size: the page size
 * @param subHeaderBlocks  sub_hdr_size, in blocks
 * @param bitmapBlocks     bitmap_blocks
 * @param maxMapnr         the number of page frames the bitmaps cover
 * @param currentCpu       the CPU that handled the dump
 * @param cpus             nr_cpus
 * @param physBase         the sub header's phys_base (wrong in qemu 7.2's files: VMCOREINFO's is preferred)
 * @param vmcoreinfoOffset the file offset of the VMCOREINFO text, 0 when none (version 3 and later)
 * @param vmcoreinfoSize   its size
 * @param notesOffset      the file offset of the ELF notes, 0 when none (version 4 and later)
 * @param notesSize        their size
 */
record KdumpHeader(int version, String release, String machine, int blockSize, long subHeaderBlocks,
                   long bitmapBlocks, long maxMapnr, int currentCpu, int cpus, long physBase,
                   long vmcoreinfoOffset, long vmcoreinfoSize, long notesOffset, long notesSize) {
    static final byte[] SIGNATURE = "KDUMP   ".getBytes(StandardCharsets.US_ASCII);
    private static final int UTS_FIELD = 65;
    private static final int UTS_START = 12;
    /** Page descriptor: offset (8), size (4), flags (4), page_flags (8). */
    static final int DESCRIPTOR_SIZE = 24;

    static boolean recognises(byte[] head) {
        return head.length >= SIGNATURE.length && java.util.Arrays.equals(head, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length);
    }

    static KdumpHeader read(Storage file) throws IOException {
        ByteBuffer h = ByteBuffer.wrap(file.readFully(0, 464, "kdump header")).order(ByteOrder.LITTLE_ENDIAN);
        int version = h.getInt(8);
        if (version <= 0 || version > 100) {
            throw Integer.reverseBytes(version) > 0 && Integer.reverseBytes(version) <= 100
                    ? DumpException.unsupported("kdump header", 8, "a big-endian dump (only little-endian machines are read)")
                    : DumpException.invalid("kdump header", 8, "header version " + version);
        }
        String release = uts(h, 2);
        String machine = uts(h, 4);
        if (!machine.equals("x86_64") && !machine.equals("aarch64") && !machine.equals("Unknown")) {
            throw DumpException.unsupported("kdump header", UTS_START + 4 * UTS_FIELD, "a dump of a " + machine
                    + " machine (x86_64 and aarch64 are read)");
        }
        int blockSize = h.getInt(428);
        long subHeaderBlocks = Integer.toUnsignedLong(h.getInt(432));
        long bitmapBlocks = Integer.toUnsignedLong(h.getInt(436));
        long maxMapnr = Integer.toUnsignedLong(h.getInt(440));
        if (blockSize < 4096 || blockSize > (1 << 20) || Integer.bitCount(blockSize) != 1) {
            throw DumpException.invalid("kdump header", 428, "block size " + blockSize);
        }
        ByteBuffer s = ByteBuffer.wrap(file.readFully(blockSize, 104, "kdump sub header")).order(ByteOrder.LITTLE_ENDIAN);
        long physBase = s.getLong(0);
        long vmcoreinfoOffset = version >= 3 ? s.getLong(32) : 0;
        long vmcoreinfoSize = version >= 3 ? s.getLong(40) : 0;
        long notesOffset = version >= 4 ? s.getLong(48) : 0;
        long notesSize = version >= 4 ? s.getLong(56) : 0;
        if (version >= 6) {
            maxMapnr = s.getLong(96);
        }
        KdumpHeader header = new KdumpHeader(version, release, machine, blockSize, subHeaderBlocks, bitmapBlocks,
                maxMapnr, h.getInt(456), h.getInt(460), physBase, vmcoreinfoOffset, vmcoreinfoSize, notesOffset, notesSize);
        if (header.bitmapBytes() / 2 * 8 < maxMapnr || maxMapnr < 0) {
            throw DumpException.invalid("kdump header", 436, bitmapBlocks + " bitmap blocks cannot cover " + maxMapnr + " pages");
        }
        return header;
    }

    private static String uts(ByteBuffer h, int field) {
        byte[] b = new byte[UTS_FIELD];
        h.get(UTS_START + field * UTS_FIELD, b);
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** The file offset of the first bitmap (pages present); the second (pages dumped) follows it. */
    long bitmapOffset() {
        return blockSize * (1 + subHeaderBlocks);
    }

    /** The size of both bitmaps together. */
    long bitmapBytes() {
        return blockSize * bitmapBlocks;
    }

    long dumpedBitmapOffset() {
        return bitmapOffset() + bitmapBytes() / 2;
    }

    /** The file offset of the descriptor of the {@code index}-th dumped page. */
    long descriptorOffset(long index) {
        return blockSize * (1 + subHeaderBlocks + bitmapBlocks) + index * DESCRIPTOR_SIZE;
    }
}
