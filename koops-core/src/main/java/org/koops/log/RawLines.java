package org.koops.log;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * Lines copied out of the reader's buffer together: their bytes in one array, each line made as a view of it when
 * it is read. The lines before a report are kept in case they tell its architecture, and most are never read.
 */
final class RawLines extends AbstractList<RawLine> implements RandomAccess {
    private final byte[] bytes;
    /** Where each line starts in {@link #bytes}, and after the last one where it ends, its newline included. */
    private final int[] bounds;
    /** The absolute offset of {@code bytes[0]}. */
    private final long offset;
    private final long firstNumber;

    RawLines(byte[] bytes, int[] bounds, long offset, long firstNumber) {
        this.bytes = bytes;
        this.bounds = bounds;
        this.offset = offset;
        this.firstNumber = firstNumber;
    }

    @Override
    public RawLine get(int i) {
        int start = bounds[i];
        int next = bounds[i + 1];
        int textEnd = next - 1 > start && bytes[next - 2] == '\r' ? next - 2 : next - 1;
        return RawLine.of(bytes, start, textEnd, firstNumber + i, offset + start, offset + next);
    }

    @Override
    public int size() {
        return bounds.length - 1;
    }
}
