package org.koops.debuginfo;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

import io.airlift.compress.zstd.ZstdInputStream;
import org.tukaani.xz.XZInputStream;

/** The compressions kernel modules and logs come in, recognised by their magic bytes, not by file names. */
enum Compression {
    GZIP("gzip data", new byte[] {0x1f, (byte) 0x8b}),
    XZ("xz data", new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0}),
    ZSTD("zstd data", new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd});

    /** The longest magic. */
    static final int MAGIC_LENGTH = 6;

    final String label;
    private final byte[] magic;

    Compression(String label, byte[] magic) {
        this.label = label;
        this.magic = magic;
    }

    /** The compression {@code head} starts with, or {@code null}. */
    static Compression of(byte[] head) {
        for (Compression c : values()) {
            if (head.length >= c.magic.length && Arrays.equals(head, 0, c.magic.length, c.magic, 0, c.magic.length)) {
                return c;
            }
        }
        return null;
    }

    InputStream open(InputStream raw) throws IOException {
        return switch (this) {
            case GZIP -> new GZIPInputStream(raw, 1 << 16);
            case XZ -> new XZInputStream(raw);
            case ZSTD -> new ZstdInputStream(raw);
        };
    }
}
