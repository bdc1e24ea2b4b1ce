package org.koops.scan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Tells in one pass over a line's bytes whether it contains any of a set of literals, so that the
 * format patterns only run on the rare lines that could start a report. A 64K-bit table of the
 * literals' first two bytes rejects almost every position with one lookup.
 */
final class KeywordFilter {
    private final long[] pairs = new long[1 << 10];
    private final byte[][] literalsByPair[] = new byte[1 << 16][][];

    KeywordFilter(Collection<String> literals) {
        for (String literal : new LinkedHashSet<>(literals)) {
            byte[] b = literal.getBytes(StandardCharsets.UTF_8);
            if (b.length < 2) {
                throw new IllegalArgumentException("keyword too short for the filter: " + literal);
            }
            int pair = pair(b[0], b[1]);
            pairs[pair >>> 6] |= 1L << pair;
            byte[][] old = literalsByPair[pair];
            List<byte[]> list = new ArrayList<>(old == null ? List.of() : List.of(old));
            list.add(b);
            literalsByPair[pair] = list.toArray(new byte[0][]);
        }
    }

    boolean matches(byte[] buf, int from, int to) {
        for (int i = from; i < to - 1; i++) {
            int pair = pair(buf[i], buf[i + 1]);
            if ((pairs[pair >>> 6] & (1L << pair)) != 0 && anyAt(literalsByPair[pair], buf, i, to)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyAt(byte[][] literals, byte[] buf, int at, int to) {
        for (byte[] lit : literals) {
            if (at + lit.length <= to && regionEquals(buf, at, lit)) {
                return true;
            }
        }
        return false;
    }

    private static boolean regionEquals(byte[] buf, int at, byte[] lit) {
        for (int k = 2; k < lit.length; k++) {
            if (buf[at + k] != lit[k]) {
                return false;
            }
        }
        return true;
    }

    private static int pair(byte a, byte b) {
        return (a & 0xff) << 8 | (b & 0xff);
    }
}
