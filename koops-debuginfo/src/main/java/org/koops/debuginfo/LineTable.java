package org.koops.debuginfo;

import java.util.Arrays;

/**
 * The decoded line table of one unit (DWARF 5 §6.2): rows grouped in sequences, each sequence a
 * contiguous run of machine code whose rows ascend by address and end with an end_sequence row
 * one past its last byte. A row covers the addresses from its own to the next row's. Sequences
 * are sorted by start address for binary search.
 */
final class LineTable {
    static final LineTable EMPTY = new LineTable(new long[0], new int[0], new int[0], new int[0], new int[0], 0,
            new int[0], new int[0], null);

    private final long[] address;
    private final int[] file;
    private final int[] line;
    private final int[] column;
    private final int[] discriminator;
    /** Per sequence, in start-address order: its first row and its end_sequence row. */
    private final int[] first;
    private final int[] last;
    /** The highest sequence end among the sequences up to each one, to stop searching early. */
    private final long[] reach;
    private final int rows;
    private final FileTable files;

    /** The first {@code rows} entries of the row arrays are used; sequences are given by first and end_sequence row. */
    LineTable(long[] address, int[] file, int[] line, int[] column, int[] discriminator, int rows,
              int[] first, int[] last, FileTable files) {
        this.address = address;
        this.file = file;
        this.line = line;
        this.column = column;
        this.discriminator = discriminator;
        this.rows = rows;
        this.files = files;
        Integer[] order = new Integer[first.length];
        boolean sorted = true;
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
            sorted &= i == 0 || Long.compareUnsigned(address[first[i - 1]], address[first[i]]) <= 0;
        }
        if (!sorted) {
            Arrays.sort(order, (a, b) -> Long.compareUnsigned(address[first[a]], address[first[b]]));
        }
        this.first = new int[order.length];
        this.last = new int[order.length];
        this.reach = new long[order.length];
        for (int i = 0; i < order.length; i++) {
            this.first[i] = first[order[i]];
            this.last[i] = last[order[i]];
            long end = address[this.last[i]];
            reach[i] = i == 0 || Long.compareUnsigned(end, reach[i - 1]) > 0 ? end : reach[i - 1];
        }
    }

    /** The row covering {@code a}: the last row at or before it in the sequence holding it; or -1. */
    int find(long a) {
        int i = lastAtOrBefore(first, a);
        for (; i >= 0 && Long.compareUnsigned(reach[i], a) > 0; i--) {
            if (Long.compareUnsigned(a, address[last[i]]) < 0) {
                int lo = first[i];
                int hi = last[i] - 1;
                while (lo < hi) {
                    int mid = (lo + hi + 1) >>> 1;
                    if (Long.compareUnsigned(address[mid], a) <= 0) {
                        lo = mid;
                    } else {
                        hi = mid - 1;
                    }
                }
                return lo;
            }
        }
        return -1;
    }

    private int lastAtOrBefore(int[] rows, long a) {
        int lo = 0;
        int hi = rows.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(address[rows[mid]], a) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    int file(int row) {
        return file[row];
    }

    int line(int row) {
        return line[row];
    }

    int column(int row) {
        return column[row];
    }

    int discriminator(int row) {
        return discriminator[row];
    }

    /** The path of file {@code index} (1-based before DWARF 5, 0-based since), or {@code null}. */
    String fileName(int index) {
        return files == null ? null : files.path(index);
    }

    int rows() {
        return rows;
    }
}
