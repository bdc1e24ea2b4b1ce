package org.koops.debuginfo;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps addresses to int values (a unit's index, a scope's index) through sorted, non-overlapping
 * segments, looked up by binary search. It is built by <em>painting</em> ranges: a range painted
 * later covers earlier ones where they overlap. Painting the DIEs of a unit in their order (parents
 * before children) so leaves the innermost scope on top at every address. Addresses are unsigned.
 */
final class AddressMap {
    static final int NONE = -1;

    private final long[] starts;
    private final int[] values;

    private AddressMap(long[] starts, int[] values) {
        this.starts = starts;
        this.values = values;
    }

    /** The value painted last over {@code address}, or {@link #NONE}. */
    int get(long address) {
        int lo = 0;
        int hi = starts.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(starts[mid], address) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? NONE : values[found];
    }

    int segments() {
        return starts.length;
    }

    /** Collects painted ranges; each segment start maps to the value from there to the next start. */
    static final class Painter {
        private final TreeMap<Long, Integer> bounds = new TreeMap<>(Long::compareUnsigned);

        void paint(long start, long end, int value) {
            if (Long.compareUnsigned(start, end) >= 0) {
                return;
            }
            Map.Entry<Long, Integer> atEnd = bounds.floorEntry(end);
            int after = atEnd == null ? NONE : atEnd.getValue();
            bounds.subMap(start, true, end, false).clear();
            bounds.put(start, value);
            bounds.putIfAbsent(end, after);
        }

        AddressMap build() {
            long[] starts = new long[bounds.size()];
            int[] values = new int[bounds.size()];
            int n = 0;
            for (Map.Entry<Long, Integer> e : bounds.entrySet()) {
                if (n > 0 && values[n - 1] == e.getValue()) {
                    continue;
                }
                starts[n] = e.getKey();
                values[n++] = e.getValue();
            }
            return new AddressMap(Arrays.copyOf(starts, n), Arrays.copyOf(values, n));
        }
    }
}
