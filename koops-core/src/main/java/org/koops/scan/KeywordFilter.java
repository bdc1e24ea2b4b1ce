package org.koops.scan;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Finds where any of a set of literals occurs in a run of bytes, so that the format patterns only
 * run on the rare lines that could start a report. A Wu-Manber search: a window as long as the
 * shortest literal slides along the bytes, and a table indexed by the window's last two bytes says
 * how far it may jump without passing over a match; most windows jump the whole window length less
 * one, so only a fraction of the bytes is ever looked at, and nothing is allocated.
 *
 * <p>Each literal is represented in the table by the window-long piece of it made of the rarest
 * byte pairs ({@code "ory:"} or {@code "y: K"} rather than {@code "out "} for {@code "out of memory:
 * Kill"}): pairs of lower-case letters and spaces are everywhere in a log, so a window ending in one
 * would stop the search, and call for a comparison, every few bytes.
 */
final class KeywordFilter {
    /** Bytes per table index: two, so that the table (64 Ki entries) stays in the cache. */
    private static final int BLOCK = 2;

    /** Reads the two bytes that end the window at once. */
    private static final VarHandle PAIRS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    private final int window;
    private final byte[] shift = new byte[1 << 16];
    /** The literals whose window ends with a given pair of bytes, or {@code null}. */
    private final byte[][][] endingWith = new byte[1 << 16][][];
    /** For each literal in {@link #endingWith}, where its window starts in it. */
    private final int[][] windowAt = new int[1 << 16][];

    KeywordFilter(Collection<String> literals) {
        List<byte[]> bytes = new LinkedHashSet<>(literals).stream().map(l -> l.getBytes(StandardCharsets.UTF_8)).toList();
        int shortest = bytes.stream().mapToInt(b -> b.length).min()
                .orElseThrow(() -> new IllegalArgumentException("no keywords"));
        if (shortest < BLOCK) {
            throw new IllegalArgumentException("keyword too short for the filter: " + literals);
        }
        window = Math.min(shortest, Byte.MAX_VALUE);
        Arrays.fill(shift, (byte) (window - BLOCK + 1));
        for (byte[] b : bytes) {
            int at = rarestWindow(b);
            for (int j = 0; j + BLOCK <= window; j++) {
                int pair = pair(b[at + j], b[at + j + 1]);
                shift[pair] = (byte) Math.min(shift[pair], window - BLOCK - j);
            }
            int last = pair(b[at + window - 2], b[at + window - 1]);
            List<byte[]> list = new ArrayList<>(endingWith[last] == null ? List.of() : List.of(endingWith[last]));
            list.add(b);
            endingWith[last] = list.toArray(new byte[0][]);
            int[] offsets = windowAt[last] == null ? new int[0] : windowAt[last];
            windowAt[last] = Arrays.copyOf(offsets, offsets.length + 1);
            windowAt[last][offsets.length] = at;
        }
    }

    /** Where the window of a literal made of the least common pairs starts, its last pair weighing most. */
    private int rarestWindow(byte[] literal) {
        int best = 0;
        long bestCost = Long.MAX_VALUE;
        for (int at = 0; at + window <= literal.length; at++) {
            long cost = 0;
            for (int j = at; j + 1 < at + window; j++) {
                cost += commonness(literal[j]) * commonness(literal[j + 1]) * (j + 2 == at + window ? 2 : 1);
            }
            if (cost < bestCost) {
                best = at;
                bestCost = cost;
            }
        }
        return best;
    }

    /** How common a byte is in ordinary log text, roughly: words and numbers, then capitals, then punctuation. */
    private static int commonness(byte b) {
        return b >= 'a' && b <= 'z' || b == ' ' ? 4 : b >= '0' && b <= '9' ? 3 : b >= 'A' && b <= 'Z' ? 2 : 1;
    }

    /** Whether a literal occurs within {@code buf[from, to)}. */
    boolean matches(byte[] buf, int from, int to) {
        return find(buf, from, to) >= 0;
    }

    /** Where the first literal occurring within {@code buf[from, to)} starts, or -1. */
    int find(byte[] buf, int from, int to) {
        byte[] shifts = shift;
        for (int end = from + window - 1; end < to; ) {
            int pair = (short) PAIRS.get(buf, end - 1) & 0xffff;
            int s = shifts[pair];
            if (s > 0) {
                end += s;
                continue;
            }
            byte[][] literals = endingWith[pair];
            int[] at = windowAt[pair];
            for (int i = 0; i < literals.length; i++) {
                int start = end - window + 1 - at[i];
                if (start >= from && start + literals[i].length <= to && regionEquals(buf, start, literals[i])) {
                    return start;
                }
            }
            end++;
        }
        return -1;
    }

    private static boolean regionEquals(byte[] buf, int at, byte[] literal) {
        for (int k = 0; k < literal.length; k++) {
            if (buf[at + k] != literal[k]) {
                return false;
            }
        }
        return true;
    }

    /** The table index of two bytes in a row, as one little-endian load of both reads them. */
    private static int pair(byte a, byte b) {
        return (b & 0xff) << 8 | (a & 0xff);
    }
}
