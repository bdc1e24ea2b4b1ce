package org.koops.log;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a byte stream into lines with their byte offsets, in constant memory: a line longer than
 * {@link #MAX_LINE} is cut (the rest is skipped but counted), so a file without newlines cannot
 * exhaust the heap. A trailing CR is dropped, so CRLF logs read like LF logs.
 *
 * <p>Most of a log is not a crash, so besides reading line by line the reader can skip ahead to the
 * next line a {@link Search} finds something in ({@link #nextMatching}): the search runs over the
 * whole buffer, and the lines passed over are only counted, eight bytes at a time, never looked at
 * one by one. The last few kilobytes before the current line stay in the buffer, so the lines that
 * led up to a report can still be read ({@link #previous}).
 */
public final class LineReader {
    /** Longest line kept; no kernel message comes near it (printk lines are at most 1 KiB). */
    public static final int MAX_LINE = 64 * 1024;
    /** Bytes kept before the current line when the buffer is refilled, for {@link #previous}. */
    private static final int HISTORY = 8 * 1024;
    private static final int MIN_BUFFER = 1 << 14;
    /** Big enough for a long line and its history, small enough to stay in the cache. */
    private static final int MAX_BUFFER = 1 << 20;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0a0a0a0a0a0a0a0aL;
    private static final long LOW7 = 0x7f7f7f7f7f7f7f7fL;

    /** Finds something in {@code buf[from, to)}: its position, or -1. */
    @FunctionalInterface
    public interface Search {
        int find(byte[] buf, int from, int to);
    }

    private final InputStream in;
    private byte[] buf;
    /** Absolute offset of {@code buf[0]}, which always starts a line. */
    private long base;
    /** Start of the next line. */
    private int pos;
    private int limit;
    private boolean eof;
    private long lines;
    private final RawLine line = new RawLine();

    public LineReader(InputStream in) {
        this.in = in;
        this.buf = new byte[firstSize(in)];
    }

    /**
     * {@link #MIN_BUFFER}, or less for an input that says it holds less (a log already in memory, such as
     * one a server received): one byte more than it holds, so that its end is read without growing.
     */
    private static int firstSize(InputStream in) {
        try {
            int available = in.available();
            return available > 0 && available < MIN_BUFFER ? available + 1 : MIN_BUFFER;
        } catch (IOException e) {
            return MIN_BUFFER; // the first read will say what is wrong
        }
    }

    /** Reads the next line into the returned view, or returns {@code null} at the end of input. */
    public RawLine next() throws IOException {
        int scanFrom = pos;
        while (true) {
            int nl = indexOfNewline(buf, scanFrom, limit);
            if (nl >= 0) {
                return emit(pos, nl, nl + 1);
            }
            if (limit - pos >= MAX_LINE) {
                return emitCut();
            }
            if (eof) {
                return pos < limit ? emit(pos, limit, limit) : null;
            }
            scanFrom = limit - pos;
            fill();
            scanFrom += pos;
        }
    }

    /**
     * Skips the lines in which {@code search} finds nothing, counting them, and reads the next line in
     * which it finds something, or returns {@code null} at the end of input. Like {@link #next}, only
     * the first {@link #MAX_LINE} bytes of a line too long to fit in the buffer are searched.
     */
    public RawLine nextMatching(Search search) throws IOException {
        while (true) {
            int lastNewline = lastIndexOfNewline(buf, pos, limit);
            if (lastNewline < 0) {
                if (limit - pos >= MAX_LINE) {
                    if (search.find(buf, pos, pos + MAX_LINE) >= 0) {
                        return emitCut();
                    }
                    skipCut();
                } else if (eof) {
                    if (pos < limit && search.find(buf, pos, limit) >= 0) {
                        return emit(pos, limit, limit);
                    }
                    lines += pos < limit ? 1 : 0;
                    pos = limit;
                    return null;
                } else {
                    fill();
                }
                continue;
            }
            int hit = search.find(buf, pos, lastNewline);
            if (hit < 0) {
                skipTo(lastNewline + 1);
                continue;
            }
            int before = lastIndexOfNewline(buf, pos, hit);
            skipTo(before < 0 ? pos : before + 1);
            return next();
        }
    }

    /**
     * Up to {@code n} whole lines just before {@code current} (the line last read) that start at or
     * after {@code floor}, oldest first, copied out of the buffer: their bytes in one array, each line
     * a view of it made when it is read ({@link RawLines}), rather than an array and a view a line.
     */
    public List<RawLine> previous(RawLine current, int n, long floor) {
        long end = current.offset - base;
        if (current.buffer != buf || end <= 0 || end > limit) {
            return List.of();
        }
        // Where each line starts, the nearest first.
        int[] starts = new int[n];
        int count = 0;
        int lineEnd = (int) end;
        while (count < n && lineEnd > 0) {
            int start = lastIndexOfNewline(buf, 0, lineEnd - 1) + 1;
            if (base + start < floor) {
                break;
            }
            starts[count++] = start;
            lineEnd = start;
        }
        if (count == 0) {
            return List.of();
        }
        int from = starts[count - 1];
        int[] bounds = new int[count + 1];
        for (int k = 0; k < count; k++) {
            bounds[k] = starts[count - 1 - k] - from;
        }
        bounds[count] = (int) end - from;
        return new RawLines(Arrays.copyOfRange(buf, from, (int) end), bounds, base + from, current.number - count);
    }

    /** Bytes consumed so far. */
    public long bytesRead() {
        return base + pos;
    }

    public long linesRead() {
        return lines;
    }

    private RawLine emit(int from, int to, int next) {
        int end = to > from && buf[to - 1] == '\r' ? to - 1 : to;
        line.buffer = buf;
        line.start = from;
        line.end = end;
        line.number = ++lines;
        line.offset = base + from;
        line.endOffset = base + next;
        line.truncated = false;
        pos = next;
        return line;
    }

    /** Keeps the first MAX_LINE bytes of an over-long line and discards the rest up to its newline. */
    private RawLine emitCut() throws IOException {
        byte[] kept = Arrays.copyOfRange(buf, pos, pos + MAX_LINE);
        long start = base + pos;
        skipCut();
        line.buffer = kept;
        line.start = 0;
        line.end = kept.length;
        line.number = lines;
        line.offset = start;
        line.endOffset = base + pos;
        line.truncated = true;
        return line;
    }

    /** Passes over an over-long line, however long, counting it. */
    private void skipCut() throws IOException {
        lines++;
        while (true) {
            int nl = indexOfNewline(buf, pos, limit);
            if (nl >= 0) {
                pos = nl + 1;
                return;
            }
            pos = limit;
            if (eof) {
                return;
            }
            fill();
        }
    }

    private void skipTo(int to) {
        lines += countNewlines(buf, pos, to);
        pos = to;
    }

    /**
     * Moves the unread bytes, and the whole lines of the last {@link #HISTORY} bytes before them, to
     * the front; grows the buffer for a long line or a big input; reads more.
     */
    private void fill() throws IOException {
        int from = Math.max(0, pos - HISTORY);
        int keepFrom = from == 0 ? 0 : indexOfNewline(buf, from, pos) + 1;
        if (keepFrom == 0 && from > 0) {
            keepFrom = pos;
        }
        if (keepFrom > 0) {
            System.arraycopy(buf, keepFrom, buf, 0, limit - keepFrom);
            base += keepFrom;
            pos -= keepFrom;
            limit -= keepFrom;
        }
        if (buf.length < MAX_BUFFER && (limit == buf.length || base > 4L * buf.length)) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    /** Newline bytes in a word: the high bit of each byte that is '\n', exactly (no borrow between bytes). */
    private static long newlines(long word) {
        long x = word ^ NEWLINES;
        return ~(((x & LOW7) + LOW7) | x | LOW7);
    }

    static int indexOfNewline(byte[] b, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long found = newlines((long) LONGS.get(b, i));
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    static int lastIndexOfNewline(byte[] b, int from, int to) {
        int i = to;
        for (; i - Long.BYTES >= from; i -= Long.BYTES) {
            long found = newlines((long) LONGS.get(b, i - Long.BYTES));
            if (found != 0) {
                return i - 1 - (Long.numberOfLeadingZeros(found) >>> 3);
            }
        }
        for (i--; i >= from; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    static int countNewlines(byte[] b, int from, int to) {
        int n = 0;
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            n += Long.bitCount(newlines((long) LONGS.get(b, i)));
        }
        for (; i < to; i++) {
            n += b[i] == '\n' ? 1 : 0;
        }
        return n;
    }
}
