package org.koops.dump;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.zip.Deflater;

import io.airlift.compress.Compressor;
import io.airlift.compress.lzo.LzoCompressor;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.zstd.ZstdCompressor;

/**
 * Writes dumps for the tests: the pages of a machine's memory (by physical address) and its notes as
 * an ELF core file, a kdump compressed file with each kind of page compression, or the flattened form
 * of either, laid out as makedumpfile lays them out.
 */
final class DumpWriter {
    static final int PAGE = 4096;

    /** How the pages of a kdump compressed file are compressed. */
    enum Codec { NONE, ZLIB, LZO, SNAPPY, ZSTD }

    private DumpWriter() {
    }

    static byte[] note(String name, int type, byte[] desc) {
        byte[] n = (name + "\0").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(12 + align4(n.length) + align4(desc.length)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(n.length).putInt(desc.length).putInt(type);
        b.put(n).position(12 + align4(n.length));
        b.put(desc);
        return b.array();
    }

    private static int align4(int n) {
        return (n + 3) & ~3;
    }

    /** An x86-64 ELF core file: one PT_NOTE, then a PT_LOAD per run of adjacent pages. */
    static byte[] elf(byte[] notes, SortedMap<Long, byte[]> pages) {
        List<long[]> runs = runs(pages);
        int headers = 64 + 56 * (1 + runs.size());
        ByteBuffer b = ByteBuffer.allocate(headers + notes.length + pages.size() * PAGE).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}).position(16);
        b.putShort((short) 4).putShort((short) ElfCore.EM_X86_64).putInt(1).putLong(0).putLong(64).putLong(0)
                .putInt(0).putShort((short) 64).putShort((short) 56).putShort((short) (1 + runs.size()))
                .putShort((short) 64).putShort((short) 0).putShort((short) 0);
        long offset = headers;
        b.putInt(4).putInt(0).putLong(offset).putLong(0).putLong(0).putLong(notes.length).putLong(notes.length).putLong(0);
        offset += notes.length;
        for (long[] run : runs) {
            long size = run[1] * PAGE;
            b.putInt(1).putInt(7).putLong(offset).putLong(0).putLong(run[0]).putLong(size).putLong(size).putLong(PAGE);
            offset += size;
        }
        b.put(notes);
        pages.values().forEach(b::put);
        return b.array();
    }

    /** Runs of adjacent pages: start address and page count. */
    private static List<long[]> runs(SortedMap<Long, byte[]> pages) {
        List<long[]> runs = new java.util.ArrayList<>();
        for (long address : pages.keySet()) {
            long[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && last[0] + last[1] * PAGE == address) {
                last[1]++;
            } else {
                runs.add(new long[] {address, 1});
            }
        }
        return runs;
    }

    /** A kdump compressed file (header version 6) of an x86_64 machine with {@code maxPfn} page frames. */
    static byte[] kdump(String release, byte[] vmcoreinfo, byte[] notes, SortedMap<Long, byte[]> pages, long maxPfn,
                        Codec codec) throws IOException {
        int bitmapBytes = (int) ((maxPfn + 7) / 8);
        int bitmapBlocks = 2 * ((bitmapBytes + PAGE - 1) / PAGE);
        long subHeader = PAGE;
        long vmcoreinfoOffset = subHeader + 104;
        long notesOffset = vmcoreinfoOffset + vmcoreinfo.length;
        int subBlocks = (int) ((notesOffset + notes.length - PAGE + PAGE - 1) / PAGE);
        long bitmaps = (long) PAGE * (1 + subBlocks);
        long descriptors = bitmaps + (long) PAGE * bitmapBlocks;
        long data = descriptors + 24L * pages.size();

        ByteArrayOutputStream pageData = new ByteArrayOutputStream();
        ByteBuffer desc = ByteBuffer.allocate(24 * pages.size()).order(ByteOrder.LITTLE_ENDIAN);
        byte[] bitmap = new byte[bitmapBlocks * PAGE / 2];
        for (Map.Entry<Long, byte[]> e : pages.entrySet()) {
            long pfn = e.getKey() / PAGE;
            bitmap[(int) (pfn >>> 3)] |= (byte) (1 << (pfn & 7));
            byte[] stored = compress(e.getValue(), codec);
            int flags = stored == e.getValue() ? 0 : switch (codec) {
                case ZLIB -> KdumpCompressed.ZLIB;
                case LZO -> KdumpCompressed.LZO;
                case SNAPPY -> KdumpCompressed.SNAPPY;
                case ZSTD -> KdumpCompressed.ZSTD;
                case NONE -> 0;
            };
            desc.putLong(data + pageData.size()).putInt(stored.length).putInt(flags).putLong(0);
            pageData.writeBytes(stored);
        }
        ByteBuffer b = ByteBuffer.allocate((int) (data + pageData.size())).order(ByteOrder.LITTLE_ENDIAN);
        b.put(KdumpHeader.SIGNATURE).putInt(6);
        putUts(b, 12, "Linux");
        putUts(b, 12 + 2 * 65, release);
        putUts(b, 12 + 4 * 65, "x86_64");
        b.putInt(428, PAGE).putInt(432, subBlocks).putInt(436, bitmapBlocks).putInt(440, (int) Math.min(maxPfn, 0xffffffffL))
                .putInt(456, 0).putInt(460, 1);
        b.putLong((int) subHeader + 32, vmcoreinfoOffset).putLong((int) subHeader + 40, vmcoreinfo.length)
                .putLong((int) subHeader + 48, notesOffset).putLong((int) subHeader + 56, notes.length)
                .putLong((int) subHeader + 96, maxPfn);
        b.put((int) vmcoreinfoOffset, vmcoreinfo).put((int) notesOffset, notes);
        // Every frame with a page is RAM: the first bitmap is the second.
        b.put((int) bitmaps, bitmap).put((int) (bitmaps + bitmap.length), bitmap);
        b.put((int) descriptors, desc.array()).put((int) data, pageData.toByteArray());
        return b.array();
    }

    private static void putUts(ByteBuffer b, int at, String value) {
        b.put(at, value.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] compress(byte[] page, Codec codec) {
        if (codec == Codec.NONE) {
            return page;
        }
        byte[] out = new byte[page.length * 2 + 64];
        int n;
        if (codec == Codec.ZLIB) {
            Deflater deflater = new Deflater();
            deflater.setInput(page);
            deflater.finish();
            n = deflater.deflate(out);
            deflater.end();
        } else {
            Compressor c = switch (codec) {
                case LZO -> new LzoCompressor();
                case SNAPPY -> new SnappyCompressor();
                default -> new ZstdCompressor();
            };
            n = c.compress(page, 0, page.length, out, 0, out.length);
        }
        // makedumpfile stores a page as it is when compressing does not make it smaller.
        return n < page.length ? java.util.Arrays.copyOf(out, n) : page;
    }

    /** The flattened form of {@code file}: blocks of {@code blockSize} bytes, written last block first. */
    static byte[] flattened(byte[] file, int blockSize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(FlattenedStorage.HEADER_SIZE);
        header.put("makedumpfile".getBytes(StandardCharsets.US_ASCII)).putLong(16, 1).putLong(24, 1);
        out.writeBytes(header.array());
        int blocks = (file.length + blockSize - 1) / blockSize;
        for (int i = blocks - 1; i >= 0; i--) {
            int start = i * blockSize;
            int length = Math.min(blockSize, file.length - start);
            out.writeBytes(ByteBuffer.allocate(16).putLong(start).putLong(length).array());
            out.write(file, start, length);
        }
        out.writeBytes(ByteBuffer.allocate(16).putLong(-1).putLong(-1).array());
        return out.toByteArray();
    }

    static Path write(Path dir, String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }
}
