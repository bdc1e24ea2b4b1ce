package org.koops.dump;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import io.airlift.compress.Decompressor;
import io.airlift.compress.lzo.LzoDecompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdDecompressor;

/**
 * The physical memory of a kdump compressed dump ({@code makedumpfile -c/-l/-p/-z}, qemu's
 * {@code kdump-zlib/lzo/snappy}). A page frame is in the dump when its bit is set in the second
 * bitmap; its descriptor is the one whose index is the number of bits set before it, which a table of
 * counts per 4096 frames, filled as far as the frames asked for, gives without reading the bitmap
 * twice. Pages are decompressed one at a time and the last few hundred kept.
 */
final class KdumpCompressed implements PhysicalMemory {
    static final int ZLIB = 0x1;
    static final int LZO = 0x2;
    static final int SNAPPY = 0x4;
    static final int ZSTD = 0x20;
    /** Frames per entry of the table of counts: 512 bytes of bitmap. */
    private static final int CHUNK_BITS = 4096;
    private static final int CACHED_PAGES = 256;

    private final Storage file;
    private final KdumpHeader header;
    private final long[] counts;
    private int countedChunks;
    private final PageCache pages = new PageCache(CACHED_PAGES);
    private byte[] chunk = new byte[CHUNK_BITS / 8];
    private long chunkIndex = -1;
    private final byte[] compressed;

    KdumpCompressed(Storage file, KdumpHeader header) throws DumpException {
        this.file = file;
        this.header = header;
        long chunks = (header.maxMapnr() + CHUNK_BITS - 1) / CHUNK_BITS;
        if (chunks > (64 << 20)) {
            throw DumpException.unsupported("kdump header", 440, header.maxMapnr() + " page frames");
        }
        this.counts = new long[(int) chunks + 1];
        this.compressed = new byte[header.blockSize() * 2];
    }

    KdumpHeader header() {
        return header;
    }

    @Override
    public void read(long address, byte[] dst, int pos, int length) throws IOException {
        int block = header.blockSize();
        for (int done = 0; done < length; ) {
            long at = address + done;
            int inPage = (int) Long.remainderUnsigned(at, block);
            int n = Math.min(length - done, block - inPage);
            System.arraycopy(page(Long.divideUnsigned(at, block)), inPage, dst, pos + done, n);
            done += n;
        }
    }

    private byte[] page(long pfn) throws IOException {
        byte[] page = pages.get(pfn);
        if (page == null) {
            page = load(pfn);
            pages.put(pfn, page);
        }
        return page;
    }

    private byte[] load(long pfn) throws IOException {
        long address = pfn * header.blockSize();
        if (pfn < 0 || pfn >= header.maxMapnr()) {
            throw DumpException.missing("physical memory", address, "beyond the dump's " + header.maxMapnr() + " page frames");
        }
        long index = dumpedBefore(pfn);
        if ((chunk[(int) (pfn % CHUNK_BITS) >>> 3] & (1 << (pfn & 7))) == 0) {
            throw DumpException.missing("physical memory", address, "the page was not dumped (filtered out, or not RAM)");
        }
        ByteBuffer d = ByteBuffer.wrap(file.readFully(header.descriptorOffset(index), KdumpHeader.DESCRIPTOR_SIZE,
                "page descriptor of frame 0x" + Long.toHexString(pfn))).order(ByteOrder.LITTLE_ENDIAN);
        long offset = d.getLong(0);
        int size = d.getInt(8);
        int flags = d.getInt(12);
        String where = "page of frame 0x" + Long.toHexString(pfn);
        if (size <= 0 || size > header.blockSize() || offset < 0) {
            throw DumpException.invalid(where, header.descriptorOffset(index), "descriptor with offset 0x"
                    + Long.toHexString(offset) + " and size " + size);
        }
        int n = file.read(offset, compressed, 0, size);
        if (n < size) {
            throw DumpException.truncated(where, offset + n, "the file ends inside the page's data");
        }
        byte[] page = new byte[header.blockSize()];
        if ((flags & (ZLIB | LZO | SNAPPY | ZSTD)) == 0) {
            if (size != header.blockSize()) {
                throw DumpException.invalid(where, offset, "an uncompressed page of " + size + " bytes");
            }
            System.arraycopy(compressed, 0, page, 0, size);
            return page;
        }
        int out;
        try {
            out = (flags & ZLIB) != 0 ? inflate(size, page) : decompressor(flags).decompress(compressed, 0, size, page, 0, page.length);
        } catch (DataFormatException | RuntimeException e) {
            throw DumpException.invalid(where, offset, "corrupt compressed data (" + e.getMessage() + ")");
        }
        if (out != page.length) {
            throw DumpException.invalid(where, offset, "decompresses to " + out + " bytes, not a page");
        }
        return page;
    }

    private int inflate(int size, byte[] page) throws DataFormatException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed, 0, size);
            int n = 0;
            while (n < page.length && !inflater.finished()) {
                int got = inflater.inflate(page, n, page.length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            return n;
        } finally {
            inflater.end();
        }
    }

    private static Decompressor decompressor(int flags) throws DumpException {
        if ((flags & LZO) != 0) {
            return new LzoDecompressor();
        }
        if ((flags & SNAPPY) != 0) {
            return new SnappyDecompressor();
        }
        return new ZstdDecompressor();
    }

    /**
     * The number of dumped frames before {@code pfn}, leaving the bitmap's 512-byte chunk holding
     * {@code pfn} in {@link #chunk}.
     */
    private long dumpedBefore(long pfn) throws IOException {
        int target = (int) (pfn / CHUNK_BITS);
        while (countedChunks <= target) {
            loadChunk(countedChunks);
            counts[countedChunks + 1] = counts[countedChunks] + bitsBefore(CHUNK_BITS);
            countedChunks++;
        }
        loadChunk(target);
        return counts[target] + bitsBefore((int) (pfn % CHUNK_BITS));
    }

    private void loadChunk(long index) throws IOException {
        if (index == chunkIndex) {
            return;
        }
        long offset = header.dumpedBitmapOffset() + index * (CHUNK_BITS / 8);
        int n = file.read(offset, chunk, 0, chunk.length);
        if (n < chunk.length) {
            throw DumpException.truncated("bitmap of dumped pages", offset + n, "the file ends inside it");
        }
        chunkIndex = index;
    }

    private int bitsBefore(int bits) {
        int count = 0;
        int whole = bits >>> 3;
        for (int i = 0; i < whole; i++) {
            count += Integer.bitCount(chunk[i] & 0xff);
        }
        if ((bits & 7) != 0) {
            count += Integer.bitCount(chunk[whole] & ((1 << (bits & 7)) - 1));
        }
        return count;
    }

    @Override
    public void ranges(RangeVisitor visitor) throws IOException {
        long start = -1;
        for (long pfn = 0; pfn < header.maxMapnr(); pfn++) {
            if (pfn % CHUNK_BITS == 0) {
                loadChunk(pfn / CHUNK_BITS);
            }
            boolean dumped = (chunk[(int) (pfn % CHUNK_BITS) >>> 3] & (1 << (pfn & 7))) != 0;
            if (dumped && start < 0) {
                start = pfn;
            } else if (!dumped && start >= 0) {
                if (!visitor.range(start * header.blockSize(), (pfn - start) * header.blockSize())) {
                    return;
                }
                start = -1;
            }
        }
        if (start >= 0) {
            visitor.range(start * header.blockSize(), (header.maxMapnr() - start) * header.blockSize());
        }
    }

    /** The last pages read, by frame number. */
    private static final class PageCache extends java.util.LinkedHashMap<Long, byte[]> {
        private static final long serialVersionUID = 1L;
        private final int capacity;

        PageCache(int capacity) {
            super(capacity * 2, 0.75f, true);
            this.capacity = capacity;
        }

        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<Long, byte[]> eldest) {
            return size() > capacity;
        }
    }
}
