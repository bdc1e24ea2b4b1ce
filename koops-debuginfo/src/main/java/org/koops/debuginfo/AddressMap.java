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

    /** The map whose segment {@code i} starts at {@code starts[i]}, or {@code null} if they are not in increasing order. */
    static AddressMap of(long[] starts, int[] values) {
        if (starts.length != values.length) {
            return null;
        }
        for (int i = 1; i < starts.length; i++) {
            if (Long.compareUnsigned(starts[i - 1], starts[i]) >= 0) {
                return null;
            }
        }
        return new AddressMap(starts, values);
    }

    long[] starts() {
        return starts;
    }

    int[] values() {
        return values;
    }

    /** Whether every value is {@link #NONE} or an index below {@code count}. */
    boolean valuesBelow(int count) {
        for (int v : values) {
            if (v < NONE || v >= count) {
                return false;
            }
        }
        return true;
    }

    /**
     * Collects painted ranges. Ranges that do not overlap (a file's units, as .debug_aranges gives
     * them) are sorted into the map at once; overlapping ones (a function's nested scopes) are
     * painted one over the other, in order.
     */
    static final class Painter {
        private long[] starts = new long[64];
        private long[] ends = new long[64];
        private int[] values = new int[64];
        private int count;

        void paint(long start, long end, int value) {
            if (Long.compareUnsigned(start, end) >= 0) {
                return;
            }
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
                ends = Arrays.copyOf(ends, count * 2);
                values = Arrays.copyOf(values, count * 2);
            }
            starts[count] = start;
            ends[count] = end;
            values[count++] = value;
        }

        AddressMap build() {
            int[] order = byStart();
            return order != null && disjoint(order) ? sorted(order) : layered();
        }

        /** The ranges' indexes by unsigned start, or {@code null} if they are too many or too spread to sort so. */
        private int[] byStart() {
            int[] order = new int[count];
            for (int i = 0; i < count; i++) {
                order[i] = i;
            }
            return AddressSort.sort(order, 0, count, starts) ? order : null;
        }

        private boolean disjoint(int[] order) {
            for (int k = 1; k < order.length; k++) {
                if (Long.compareUnsigned(ends[order[k - 1]], starts[order[k]]) > 0) {
                    return false;
                }
            }
            return true;
        }

        /** Each range a segment, a gap between two ranges a segment of {@link #NONE}. */
        private AddressMap sorted(int[] order) {
            long[] segmentStarts = new long[2 * order.length];
            int[] segmentValues = new int[2 * order.length];
            int n = 0;
            for (int k = 0; k < order.length; k++) {
                int i = order[k];
                boolean touching = k > 0 && ends[order[k - 1]] == starts[i];
                if (k > 0 && !touching) {
                    n = add(segmentStarts, segmentValues, n, ends[order[k - 1]], NONE);
                }
                n = add(segmentStarts, segmentValues, n, starts[i], values[i]);
            }
            if (order.length > 0) {
                n = add(segmentStarts, segmentValues, n, ends[order[order.length - 1]], NONE);
            }
            return new AddressMap(Arrays.copyOf(segmentStarts, n), Arrays.copyOf(segmentValues, n));
        }

        /** Appends a segment unless it only continues the last one's value. */
        private static int add(long[] segmentStarts, int[] segmentValues, int n, long start, int value) {
            if (n > 0 && segmentValues[n - 1] == value) {
                return n;
            }
            segmentStarts[n] = start;
            segmentValues[n] = value;
            return n + 1;
        }

        /** Paints the ranges in order, each covering the earlier ones where they overlap. */
        private AddressMap layered() {
            TreeMap<Long, Integer> bounds = new TreeMap<>(Long::compareUnsigned);
            for (int i = 0; i < count; i++) {
                Map.Entry<Long, Integer> atEnd = bounds.floorEntry(ends[i]);
                int after = atEnd == null ? NONE : atEnd.getValue();
                bounds.subMap(starts[i], true, ends[i], false).clear();
                bounds.put(starts[i], values[i]);
                bounds.putIfAbsent(ends[i], after);
            }
            long[] segmentStarts = new long[bounds.size()];
            int[] segmentValues = new int[bounds.size()];
            int n = 0;
            for (Map.Entry<Long, Integer> e : bounds.entrySet()) {
                n = add(segmentStarts, segmentValues, n, e.getKey(), e.getValue());
            }
            return new AddressMap(Arrays.copyOf(segmentStarts, n), Arrays.copyOf(segmentValues, n));
        }
    }
}
