package org.koops;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
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
 * <p>A compressed log cut short (a copy interrupted, an upload truncated) is read up to the cut: the
 * stream ends there instead of failing, so the reports before the cut are still found. Damage inside
 * the compressed data is still an error.
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
    /**
     * What a decompressor says when its input ends before the compressed stream does: a cut, not damage.
     * gzip and xz throw {@link EOFException}; these are the zstd decoders' messages, in lower case.
     */
    private static final List<String> CUT_MESSAGES = List.of(
            "not enough input bytes",   // aircompressor, a frame cut inside a block
            "truncated source");        // zstd-jni: "Truncated source", "Read error or truncated source"

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
     * to be cut short; the stream then ends at the cut.
     */
    public static InputStream decompress(InputStream raw, Runnable onCut) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(PEEK);
        byte[] head = in.readNBytes(PEEK);
        in.reset();
        if (startsWith(head, GZIP)) {
            return readToCut("gzip", () -> new GZIPInputStream(in, 1 << 16), onCut);
        }
        if (startsWith(head, XZ)) {
            return readToCut("xz", () -> new XZInputStream(in), onCut);
        }
        if (startsWith(head, ZSTD)) {
            long window = zstdWindow(head);
            return readToCut("zstd", () -> window <= JAVA_ZSTD_WINDOW ? new ZstdInputStream(in) : nativeZstd(in, window), onCut);
        }
        return in;
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

    /** A decompressor over the input, which reads the format's header when made. */
    private interface Opener {
        InputStream open() throws IOException;
    }

    /**
     * The decompressed stream, ending where the compressed input was cut: a cut inside the format's own
     * header gives an empty log, cut there.
     */
    private static InputStream readToCut(String format, Opener opener, Runnable onCut) throws IOException {
        InputStream decompressed;
        try {
            decompressed = opener.open();
        } catch (EOFException e) {
            onCut.run();
            return InputStream.nullInputStream();
        } catch (IOException e) {
            throw ReadToCut.named(format, e);
        } catch (RuntimeException e) {
            throw ReadToCut.damaged(format, e);
        }
        return new BufferedInputStream(new ReadToCut(format, decompressed, onCut), 1 << 16);
    }

    /** Ends the stream where its compressed input was cut, rather than failing there. */
    private static final class ReadToCut extends FilterInputStream {
        private final String format;
        private final Runnable onCut;
        private boolean cut;

        ReadToCut(String format, InputStream in, Runnable onCut) {
            super(in);
            this.format = format;
            this.onCut = onCut;
        }

        /**
         * A decompressor's unchecked failure on bytes it cannot decode (aircompressor's MalformedInputException,
         * or worse): the input is damaged, which is an I/O error of this input, not a fault of koops.
         */
        static IOException damaged(String format, RuntimeException e) {
            String what = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                    : e.getMessage().strip().replace('\n', ' ');
            return new IOException("damaged " + format + " data: " + what, e);
        }

        /** A decompressor's error with a one-line message: some say nothing of themselves. */
        static IOException named(String format, IOException e) {
            if (e.getMessage() != null && !e.getMessage().isBlank() && !e.getMessage().contains("\n")) {
                return e;
            }
            String what = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                    : e.getMessage().strip().replace('\n', ' ');
            return new IOException("damaged " + format + " data: " + what, e);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (cut) {
                return -1;
            }
            try {
                return in.read(b, off, len);
            } catch (RuntimeException e) {
                throw damaged(format, e);
            } catch (IOException e) {
                String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
                if (!(e instanceof EOFException) && CUT_MESSAGES.stream().noneMatch(message::contains)) {
                    throw named(format, e);
                }
                cut = true;
                onCut.run();
                return -1;
            }
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
