package org.koops.scan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.koops.log.RawLine;
import org.koops.model.LogLine;

/**
 * The last few lines before the current one, kept as bytes and decoded only when a report starts:
 * they often say why it happened ({@code sysrq: Trigger a crash}, a driver's last message).
 */
final class RecentLines {
    private static final int KEEP_BYTES = 512;

    private final byte[][] bytes;
    private final int[] lengths;
    private final long[] numbers;
    private final long[] offsets;
    private final long[] endOffsets;
    private int next;
    private int size;

    RecentLines(int capacity) {
        bytes = new byte[capacity][KEEP_BYTES];
        lengths = new int[capacity];
        numbers = new long[capacity];
        offsets = new long[capacity];
        endOffsets = new long[capacity];
    }

    void add(RawLine line) {
        int n = Math.min(line.end() - line.start(), KEEP_BYTES);
        System.arraycopy(line.buffer(), line.start(), bytes[next], 0, n);
        lengths[next] = n;
        numbers[next] = line.number();
        offsets[next] = line.offset();
        endOffsets[next] = line.endOffset();
        next = (next + 1) % bytes.length;
        size = Math.min(size + 1, bytes.length);
    }

    void clear() {
        size = 0;
    }

    /** The kept lines, oldest first, decoded. */
    List<LogLine> drain() {
        List<LogLine> out = new ArrayList<>(size);
        for (int k = size; k > 0; k--) {
            int i = Math.floorMod(next - k, bytes.length);
            out.add(RawLine.of(Arrays.copyOf(bytes[i], lengths[i]), numbers[i], offsets[i], endOffsets[i]).toLogLine());
        }
        size = 0;
        return out;
    }
}
