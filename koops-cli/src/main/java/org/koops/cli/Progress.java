package org.koops.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * A progress line on standard error while a large input is read, redrawn at most a few times a
 * second and erased when done. Silent for small inputs, unknown sizes and non-terminals.
 */
final class Progress implements LongConsumer, AutoCloseable {
    /** Inputs smaller than this are read in a moment; a progress line would only flicker. */
    static final long THRESHOLD = 50L << 20;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final String name;
    private final long total;
    private final PrintWriter err;
    private final boolean active;
    private long lastDraw;
    private boolean drawn;

    Progress(String name, long total, PrintWriter err, boolean terminal) {
        this.name = name;
        this.total = total;
        this.err = err;
        this.active = terminal && total > THRESHOLD;
    }

    @Override
    public void accept(long bytes) {
        long now = System.nanoTime();
        if (!active || drawn && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        drawn = true;
        err.print("\rkoops: reading " + name + ": " + line(bytes, total) + "\033[K");
        err.flush();
    }

    /** {@code 120 MB / 800 MB (15%)}; a compressed input yields more bytes than its size, so then only the count. */
    static String line(long bytes, long total) {
        String read = (bytes >> 20) + " MB";
        return bytes > total ? read : String.format(Locale.ROOT, "%s / %d MB (%d%%)", read, total >> 20,
                bytes * 100 / total);
    }

    @Override
    public void close() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
