package org.koops.debuginfo;

import java.util.Arrays;

/**
 * The functions of a {@link SymbolTable} by name: a hash table over the names' bytes in the string
 * table, so that no name is decoded into a {@code String} until a lookup finds it. Chains list
 * functions in their table order (by address).
 */
final class NameIndex {
    private final byte[] strings;
    private final int[] nameAt;
    private final int[] heads;
    private final int[] next;

    /** @param nameAt each function's name, an offset into {@code names} */
    NameIndex(Slice names, int[] nameAt) {
        this.strings = names == null ? new byte[0] : names.bytes(0, names.size());
        this.nameAt = nameAt;
        this.heads = new int[Integer.highestOneBit(Math.max(1, nameAt.length)) * 4];
        this.next = new int[nameAt.length];
        Arrays.fill(heads, -1);
        int mask = heads.length - 1;
        for (int k = nameAt.length - 1; k >= 0; k--) {
            int bucket = hash(strings, nameAt[k]) & mask;
            next[k] = heads[bucket];
            heads[bucket] = k;
        }
    }

    private NameIndex(byte[] strings, int[] nameAt, int[] heads, int[] next) {
        this.strings = strings;
        this.nameAt = nameAt;
        this.heads = heads;
        this.next = next;
    }

    /**
     * The index of names at {@code nameAt} (offsets into {@code names}, checked by the caller) with
     * buckets built before (by an {@link IndexCache}); {@code null} if they do not fit: a bucket count
     * that is not a power of two, an entry out of range, or a chain that does not run forward (which
     * could loop).
     */
    static NameIndex of(Slice names, int[] nameAt, int[] heads, int[] next) {
        if (Integer.bitCount(heads.length) != 1 || next.length != nameAt.length) {
            return null;
        }
        for (int head : heads) {
            if (head < -1 || head >= nameAt.length) {
                return null;
            }
        }
        for (int k = 0; k < next.length; k++) {
            if (next[k] != -1 && (next[k] <= k || next[k] >= next.length)) {
                return null;
            }
        }
        return new NameIndex(names == null ? new byte[0] : names.bytes(0, names.size()), nameAt, heads, next);
    }

    int[] heads() {
        return heads;
    }

    int[] next() {
        return next;
    }

    /** The first function whose name may be {@code name}, or -1; confirm with {@link #is}. */
    int first(byte[] name) {
        int h = 0;
        for (byte b : name) {
            h = 31 * h + b;
        }
        return heads[mix(h) & (heads.length - 1)];
    }

    /** The next function after {@code k} whose name may be the same, or -1. */
    int next(int k) {
        return next[k];
    }

    /** Whether function {@code k} is called {@code name}. */
    boolean is(int k, byte[] name) {
        int at = nameAt[k];
        if (at + name.length >= strings.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (strings[at + i] != name[i]) {
                return false;
            }
        }
        return strings[at + name.length] == 0;
    }

    private static int hash(byte[] strings, int at) {
        int h = 0;
        for (int i = at; i < strings.length && strings[i] != 0; i++) {
            h = 31 * h + strings[i];
        }
        return mix(h);
    }

    /** Spreads the high bits down: names sharing a long prefix differ only there. */
    private static int mix(int h) {
        return h ^ h >>> 16;
    }
}
