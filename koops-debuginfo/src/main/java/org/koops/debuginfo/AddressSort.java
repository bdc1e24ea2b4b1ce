package org.koops.debuginfo;

import java.util.Arrays;

/**
 * Sorts indexes by the unsigned addresses they stand for, as primitive longs: each (address - lowest,
 * index) pair is packed into one, which holds when the addresses spread over less than 2^39 bytes
 * (any one binary's do) and there are fewer than 2^24 indexes.
 */
final class AddressSort {
    private static final int INDEX_BITS = 24;

    private AddressSort() {
    }

    /**
     * Sorts {@code order[from, to)} by {@code address[order[k]]}, equal addresses by index; returns
     * {@code false}, leaving it as it was, when the pairs cannot be packed.
     */
    static boolean sort(int[] order, int from, int to, long[] address) {
        if (to - from < 2) {
            return true;
        }
        long low = -1;
        long high = 0;
        for (int k = from; k < to; k++) {
            long a = address[order[k]];
            low = Long.compareUnsigned(a, low) < 0 ? a : low;
            high = Long.compareUnsigned(a, high) > 0 ? a : high;
        }
        if (Long.compareUnsigned(high - low, 1L << (63 - INDEX_BITS)) >= 0 || address.length >= 1 << INDEX_BITS) {
            return false;
        }
        long[] keys = new long[to - from];
        for (int k = from; k < to; k++) {
            keys[k - from] = (address[order[k]] - low) << INDEX_BITS | order[k];
        }
        Arrays.sort(keys);
        for (int k = from; k < to; k++) {
            order[k] = (int) (keys[k - from] & ((1 << INDEX_BITS) - 1));
        }
        return true;
    }
}
