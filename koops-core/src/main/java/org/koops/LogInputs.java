package org.koops;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import io.airlift.compress.zstd.ZstdInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Opens logs, decompressing gzip, xz and zstd transparently. The format is recognised by its magic
 * bytes, not by the file name, so a compressed log piped to standard input works too. A file that a
 * {@link LogExtractor} on the class path recognises (a kdump vmcore, with the koops-dump module) is
 * read as the log it holds, and {@link #find} finds the logs of a directory: pstore records, crash
 * dumps and saved logs.
 *
 * <p>A compressed log cut short (a copy interrupted, an upload truncated, a log cut off by the crash it
 * records) is read up to the cut: the stream ends there instead of failing, so the reports before the
 * cut are still found ({@link DecompressedInput}). Damage inside the compressed data is still an error,
 * which says where.
 *
 * <p>zstd is decoded in Java (aircompressor) when the frame's window is at most 8 MB, what
 * {@code zstd -19} and below use; {@code zstd --long} and {@code --ultra -20..-22} write windows of up to
 * 128 MB (RFC 8878 section 3.1.1.1.2, the window descriptor), which the native zstd library of zstd-jni
 * decodes. Larger windows are refused, as {@code zstd -d} refuses them without {@code --memory}.
 */
public final class LogInputs {
    private static final byte[] GZIP = {0x1f, (byte) 0x8b};
    private static final byte[] XZ = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0};
    private static final byte[] ZSTD = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};
    /** The magic bytes and, for zstd, the longest frame header up to its window: 4 + 1 + 1 + 4 + 8. */
    private static final int PEEK = 18;
    /** The largest zstd window aircompressor decodes. */
    private static final long JAVA_ZSTD_WINDOW = 8L << 20;
    /** The largest zstd window decoded at all: zstd's own default limit (ZSTD_WINDOWLOG_LIMIT_DEFAULT). */
    private static final int MAX_ZSTD_WINDOW_LOG = 27;
    private LogInputs() {
    }

    /**
     * The logs {@code path} holds: a file is one log (its text, decompressed, or the log a
     * {@link LogExtractor} takes out of it); a directory holds those of its files that are kernel logs,
     * dumps or pstore records (the parts of a record joined in order), looked for a few levels down.
     * A missing or unreadable path fails as the JDK says ({@link NoSuchFileException},
     * {@link AccessDeniedException}); reading a log can fail later, in {@link LogInput#open()}.
     */
    public static List<LogInput> find(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            return LogDirectory.find(path);
        }
        if (!Files.isRegularFile(path)) {
            // A pipe (koops explain <(dmesg)) can be read only once: it is a log, never a dump; a missing file fails on open.
            return List.of(FileLogInput.stream(path));
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(LogExtractor.HEAD_LENGTH);
        }
        return List.of(FileLogInput.of(path, head));
    }

    /**
     * Opens a file for reading: its text, decompressed, or the log a {@link LogExtractor} takes out of
     * it; errors carry a one-line message naming the file.
     */
    public static InputStream open(Path file) throws IOException {
        try {
            if (Files.isDirectory(file)) {
                throw new IOException("cannot read " + file + ": is a directory");
            }
            byte[] head;
            try (InputStream in = Files.newInputStream(file)) {
                head = in.readNBytes(LogExtractor.HEAD_LENGTH);
            }
            return FileLogInput.of(file, head).open();
        } catch (NoSuchFileException e) {
            throw new IOException("cannot read " + file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new IOException("cannot read " + file + ": permission denied", e);
        }
    }

    /** Wraps a stream in the decompressor its first bytes call for, or returns it buffered as it is. */
    public static InputStream decompress(InputStream raw) throws IOException {
        return decompress(raw, () -> { });
    }

    /**
     * As {@link #decompress(InputStream)}, calling {@code onCut} once if the compressed stream turns out
     * to be cut short; the stream then ends at the cut, and {@link #truncation(InputStream)} says where.
     * A stream this method returned is returned as it is.
     */
    public static InputStream decompress(InputStream raw, Runnable onCut) throws IOException {
        if (raw instanceof DecompressedInput || raw instanceof PlainInput) {
            return raw;
        }
        // Bytes already in memory are peeked at where they are: a buffer would only copy them.
        InputStream in = raw instanceof ByteArrayInputStream ? raw : new PlainInput(raw);
        in.mark(PEEK);
        byte[] head = in.readNBytes(PEEK);
        in.reset();
        if (startsWith(head, GZIP)) {
            return DecompressedInput.of("gzip", in, s -> new GZIPInputStream(s, 1 << 16), onCut);
        }
        if (startsWith(head, XZ)) {
            return DecompressedInput.of("xz", in, XZInputStream::new, onCut);
        }
        if (startsWith(head, ZSTD)) {
            long window = zstdWindow(head);
            return DecompressedInput.of("zstd", in, s -> window <= JAVA_ZSTD_WINDOW ? new ZstdInputStream(s) : nativeZstd(s, window),
                    onCut);
        }
        return in;
    }

    /** An input that is not compressed, buffered once: decompressing it again returns it as it is. */
    private static final class PlainInput extends BufferedInputStream {
        PlainInput(InputStream raw) {
            super(raw, 1 << 16);
        }
    }

    /**
     * Why a stream {@link #decompress} returned ended before the end of its compressed data: where it
     * was cut; {@code null} when it was not (yet), or is not compressed.
     */
    public static String truncation(InputStream decompressed) {
        return decompressed instanceof DecompressedInput d ? d.truncation() : null;
    }

    /**
     * The window size a zstd frame header declares (RFC 8878 section 3.1.1.1): from its window descriptor,
     * or, for a single-segment frame, its content size; 0 when the header is cut.
     */
    static long zstdWindow(byte[] head) {
        if (head.length < 6) {
            return 0;
        }
        int descriptor = head[4] & 0xff;
        boolean singleSegment = (descriptor & 0x20) != 0;
        if (!singleSegment) {
            int w = head[5] & 0xff;
            long base = 1L << (10 + (w >>> 3));
            return base + base / 8 * (w & 7);
        }
        int dictionaryIdBytes = new int[] {0, 1, 2, 4}[descriptor & 3];
        int sizeFlag = descriptor >>> 6;
        int sizeBytes = sizeFlag == 0 ? 1 : new int[] {0, 2, 4, 8}[sizeFlag];
        int at = 5 + dictionaryIdBytes;
        if (head.length < at + sizeBytes) {
            return 0;
        }
        long size = 0;
        for (int i = sizeBytes - 1; i >= 0; i--) {
            size = size << 8 | head[at + i] & 0xff;
        }
        return sizeBytes == 2 ? size + 256 : size;
    }

    private static InputStream nativeZstd(InputStream in, long window) throws IOException {
        if (window > 1L << MAX_ZSTD_WINDOW_LOG) {
            throw new IOException("the zstd window of " + (window >> 20) + " MB is larger than "
                    + (1 << MAX_ZSTD_WINDOW_LOG - 20) + " MB (zstd -d refuses it too without --memory)");
        }
        try {
            return new com.github.luben.zstd.ZstdInputStreamNoFinalizer(in).setLongMax(MAX_ZSTD_WINDOW_LOG);
        } catch (LinkageError e) {
            throw new IOException("the zstd window of " + (window >> 20) + " MB (zstd --long or --ultra) needs the"
                    + " native zstd library, which cannot be loaded here: " + e.getMessage(), e);
        }
    }

    /** Whether {@code head}, a file's first bytes, starts gzip, xz or zstd data. */
    static boolean compressed(byte[] head) {
        return startsWith(head, GZIP) || startsWith(head, XZ) || startsWith(head, ZSTD);
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
