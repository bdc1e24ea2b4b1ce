package org.koops.log;

import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a byte stream into lines with their byte offsets, in constant memory: a line longer than
 * {@link #MAX_LINE} is cut (the rest is skipped but counted), so a file without newlines cannot
 * exhaust the heap. A trailing CR is dropped, so CRLF logs read like LF logs.
 */
public final class LineReader {
    /** Longest line kept; no kernel message comes near it (printk lines are at most 1 KiB). */
    public static final int MAX_LINE = 64 * 1024;

    private final InputStream in;
    private byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private long consumed;
    private long lines;
    private final RawLine line = new RawLine();

    public LineReader(InputStream in) {
        this.in = in;
    }

    /** Reads the next line into the returned view, or returns {@code null} at the end of input. */
    public RawLine next() throws IOException {
        int scanFrom = pos;
        while (true) {
            int nl = indexOfNewline(scanFrom);
            if (nl >= 0) {
                return emit(pos, nl, nl + 1, false);
            }
            if (limit - pos >= MAX_LINE) {
                return emitCut();
            }
            if (eof) {
                return pos < limit ? emit(pos, limit, limit, false) : null;
            }
            scanFrom = limit - pos;
            compactAndFill();
            scanFrom += pos;
        }
    }

    /** Bytes consumed so far. */
    public long bytesRead() {
        return consumed;
    }

    public long linesRead() {
        return lines;
    }

    private int indexOfNewline(int from) {
        byte[] b = buf;
        for (int i = from; i < limit; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private RawLine emit(int from, int to, int next, boolean truncated) {
        int end = to > from && buf[to - 1] == '\r' ? to - 1 : to;
        line.buffer = buf;
        line.start = from;
        line.end = end;
        line.number = ++lines;
        line.offset = consumed;
        consumed += next - from;
        line.endOffset = consumed;
        line.truncated = truncated;
        pos = next;
        return line;
    }

    /** Keeps the first MAX_LINE bytes of an over-long line and discards the rest up to its newline. */
    private RawLine emitCut() throws IOException {
        byte[] kept = java.util.Arrays.copyOfRange(buf, pos, pos + MAX_LINE);
        long start = consumed;
        long skipped = limit - pos;
        pos = limit;
        while (true) {
            compactAndFill();
            int nl = indexOfNewline(pos);
            if (nl >= 0) {
                skipped += nl + 1 - pos;
                pos = nl + 1;
                break;
            }
            skipped += limit - pos;
            pos = limit;
            if (eof) {
                break;
            }
        }
        line.buffer = kept;
        line.start = 0;
        line.end = kept.length;
        line.number = ++lines;
        line.offset = start;
        consumed = start + skipped;
        line.endOffset = consumed;
        line.truncated = true;
        return line;
    }

    private void compactAndFill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.min(buf.length * 2, MAX_LINE * 2));
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }
}
