package org.koops.debuginfo;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.InflaterInputStream;

import io.airlift.compress.zstd.ZstdInputStream;

/**
 * Decompresses compressed sections: {@code SHF_COMPRESSED} ones (gABI "Section Compression": an
 * {@code Elf_Chdr} naming zlib or zstd and the uncompressed size) and the older GNU {@code .zdebug_*}
 * ones ({@code "ZLIB"} and a big-endian 64-bit size). Output grows with the data actually produced,
 * so a header claiming a huge size cannot exhaust memory by itself.
 */
final class SectionDecompressor {
    private static final int ELFCOMPRESS_ZLIB = 1;
    private static final int ELFCOMPRESS_ZSTD = 2;
    private static final byte[] ZDEBUG_MAGIC = {'Z', 'L', 'I', 'B'};

    private SectionDecompressor() {
    }

    static Slice contents(ElfFile elf, ElfSection s) throws DebugInfoException {
        Slice raw = elf.raw(s);
        if (s.compressed()) {
            ElfHeader h = elf.header;
            int type = (int) raw.u32(0);
            long size = h.is64() ? raw.u64(8) : raw.u32(4);
            int start = h.compressionHeaderSize();
            return switch (type) {
                case ELFCOMPRESS_ZLIB, ELFCOMPRESS_ZSTD -> inflate(raw, start, size, type == ELFCOMPRESS_ZSTD, s.name());
                default -> throw DebugInfoException.unsupported(raw.where(), 0, "unknown compression type " + type);
            };
        }
        if (s.name().startsWith(".zdebug") && raw.size() >= 12 && Arrays.equals(raw.bytes(0, 4), ZDEBUG_MAGIC)) {
            long size = 0;
            for (int i = 4; i < 12; i++) {
                size = size << 8 | raw.u8(i);
            }
            return inflate(raw, 12, size, false, s.name());
        }
        return raw;
    }

    private static Slice inflate(Slice raw, int start, long size, boolean zstd, String name) throws DebugInfoException {
        if (size < 0 || size > Integer.MAX_VALUE - 8) {
            throw DebugInfoException.unsupported(raw.where(), 0, "uncompressed size 0x" + Long.toUnsignedString(size, 16)
                    + " is more than a section can hold (2 GiB)");
        }
        String where = name + " (decompressed)";
        Slice.requireHeap(size, where);
        byte[] compressed = raw.bytes(start, raw.size() - start);
        byte[] out = new byte[(int) Math.min(size, Math.max(1 << 16, 8L * compressed.length))];
        int n = 0;
        try (InputStream in = zstd ? new ZstdInputStream(new ByteArrayInputStream(compressed))
                : new InflaterInputStream(new ByteArrayInputStream(compressed))) {
            while (true) {
                if (n == out.length) {
                    if (n == size) {
                        break;
                    }
                    out = Arrays.copyOf(out, (int) Math.min(size, 2L * out.length));
                }
                int r = in.read(out, n, out.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            if (n == size && in.read() >= 0) {
                throw DebugInfoException.invalid(where, n, "more data than the declared 0x" + Long.toHexString(size) + " bytes");
            }
        } catch (DebugInfoException e) {
            throw e;
        } catch (EOFException e) {
            throw truncatedOrInvalid(raw, where, n, "the compressed data ends early");
        } catch (IOException | RuntimeException e) {
            throw truncatedOrInvalid(raw, where, n, "corrupt compressed data (" + e.getMessage() + ")");
        }
        if (n < size) {
            throw truncatedOrInvalid(raw, where, n, "0x" + Long.toHexString(size) + " bytes declared, 0x"
                    + Integer.toHexString(n) + " decompressed");
        }
        return Slice.of(out, raw.order(), where);
    }

    private static DebugInfoException truncatedOrInvalid(Slice raw, String where, long at, String message) {
        return raw.clipped() ? DebugInfoException.truncated(where, at, "the file ends inside the section; " + message)
                : DebugInfoException.invalid(where, at, message);
    }
}
