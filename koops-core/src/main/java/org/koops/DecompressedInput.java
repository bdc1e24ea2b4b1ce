package org.koops;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;

/**
 * A log decompressed as far as its compressed data goes. A log is often cut off by the crash it
 * records, or copied while still being written, so compressed logs end in the middle of their last
 * block; the decoder then fails, but everything before that point is good. This stream ends where the
 * data was cut instead, and says so ({@link #truncation()}, with the compressed offset). Data that is
 * not what the format allows (<em>damaged</em>) is still an error, which says where; errors of the
 * input itself (a failing disk, a closed pipe) are thrown as they are.
 */
final class DecompressedInput extends BufferedInputStream {
    /**
     * What a decoder says when its input ends before the compressed stream does: a cut, not damage.
     * gzip and xz throw {@link EOFException}; these are the zstd decoders' messages, in lower case.
     */
    private static final List<String> CUT_MESSAGES = List.of(
            "not enough input bytes",   // aircompressor, a frame cut inside a block
            "truncated source");        // zstd-jni: "Truncated source", "Read error or truncated source"

    private final Tolerant decoder;

    private DecompressedInput(Tolerant decoder) {
        super(decoder, 1 << 16);
        this.decoder = decoder;
    }

    /**
     * Decompression of {@code source} by the decoder {@code open} makes, calling {@code onCut} once if the
     * data turns out to be cut short (a header cut short reads as empty).
     */
    static DecompressedInput of(String format, InputStream source, Decoder open, Runnable onCut) throws IOException {
        Counting counted = new Counting(source);
        Tolerant tolerant = new Tolerant(format, counted, onCut);
        try {
            tolerant.decoder = open.decode(counted);
        } catch (IOException | RuntimeException e) {
            tolerant.failed(e, false);
        }
        return new DecompressedInput(tolerant);
    }

    /** Where the input was cut, or {@code null} when it was read whole (so far). */
    String truncation() {
        return decoder.cut;
    }

    /** Makes a decompressing stream; it may read the format's header at once. */
    @FunctionalInterface
    interface Decoder {
        InputStream decode(InputStream compressed) throws IOException;
    }

    /** Counts the compressed bytes read and remembers whether the source itself failed. */
    private static final class Counting extends FilterInputStream {
        long count;
        IOException failure;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                int b = super.read();
                count += b < 0 ? 0 : 1;
                return b;
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = super.read(b, off, len);
                count += Math.max(n, 0);
                return n;
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }

    /** Ends the decompressed data where the decoder found its input cut. */
    private static final class Tolerant extends InputStream {
        /** The most asked of the decoder at once. */
        private static final int CHUNK = 4096;

        private final String format;
        private final Counting source;
        private final Runnable onCut;
        InputStream decoder;
        String cut;

        Tolerant(String format, Counting source, Runnable onCut) {
            this.format = format;
            this.source = source;
            this.onCut = onCut;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (decoder == null) {
                return -1;
            }
            try {
                // Some decoders (xz) fill the whole buffer before returning and throw away what they
                // decoded in the call that finds the cut: small reads keep most of it.
                return decoder.read(b, off, Math.min(len, CHUNK));
            } catch (IOException | RuntimeException e) {
                failed(e, true);
                return -1;
            }
        }

        /**
         * Ends the data if {@code e} says the input was cut; otherwise throws a one-line error: the source's
         * own as it is, a decoder's refusal to start as it is when it says why (a zstd window too large),
         * else damage, with where it was met.
         */
        void failed(Exception e, boolean reading) throws IOException {
            if (source.failure != null) {
                throw source.failure;
            }
            String message = e.getMessage() == null ? "" : e.getMessage().strip();
            String why = message.isEmpty() ? e.getClass().getSimpleName() : message.replace('\n', ' ');
            boolean cutShort = e instanceof EOFException
                    || CUT_MESSAGES.stream().anyMatch(why.toLowerCase(Locale.ROOT)::contains);
            if (!cutShort) {
                if (!reading && e instanceof IOException io && !message.isEmpty() && !message.contains("\n")) {
                    throw io;
                }
                throw new IOException("damaged " + format + " data: " + why + " (near compressed byte " + source.count + ")", e);
            }
            release();
            cut = "the " + format + " data stops short after " + source.count + " compressed bytes (" + why + ")";
            onCut.run();
        }

        /**
         * Closes the decoder as well as the source: some hold native memory that only their close frees
         * (zstd-jni's stream for large windows has no finalizer; an Inflater's waits for the garbage collector).
         */
        @Override
        public void close() throws IOException {
            try (source) {
                release();
            }
        }

        /** Ends the decoder, whose failure to close says nothing more about the data. */
        private void release() {
            InputStream d = decoder;
            decoder = null;
            if (d != null) {
                try {
                    d.close();
                } catch (IOException | RuntimeException e) {
                    // What was decoded stands; the source's own failure, if any, is thrown by close().
                }
            }
        }
    }
}
