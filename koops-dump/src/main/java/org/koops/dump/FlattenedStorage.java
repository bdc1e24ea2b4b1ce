package org.koops.dump;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The file a flattened dump stands for ({@code makedumpfile -F}, qemu's {@code kdump-*} to a pipe),
 * read without writing it out as {@code makedumpfile -R} does. A flattened file is a 4 KiB header
 * ({@code makedumpfile} signature, type and version) followed by data blocks, each preceded by its
 * offset in the real file and its size (big-endian 64-bit values), until an end mark of two -1s.
 * Blocks may come in any order and a later one may overwrite an earlier one at the same offset.
 *
 * <p>Opening reads every block header once (a pass over the file, whose data is skipped) and keeps
 * three longs a block, sorted by their offset in the real file.
 */
final class FlattenedStorage implements Storage {
    static final int HEADER_SIZE = 4096;
    private static final byte[] SIGNATURE = "makedumpfile\0".getBytes(StandardCharsets.US_ASCII);
    private static final int BLOCK_HEADER = 16;
    private static final int WINDOW = 1 << 20;

    private final Storage file;
    private final long[] targets;
    private final long[] lengths;
    private final long[] positions;
    private final long size;

    private FlattenedStorage(Storage file, long[] targets, long[] lengths, long[] positions) {
        this.file = file;
        this.targets = targets;
        this.lengths = lengths;
        this.positions = positions;
        long end = 0;
        for (int i = 0; i < targets.length; i++) {
            end = Math.max(end, targets[i] + lengths[i]);
        }
        this.size = end;
    }

    static boolean recognises(byte[] head) {
        return head.length >= SIGNATURE.length && Arrays.equals(head, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length);
    }

    /** Indexes the blocks of {@code file}; a file cut short keeps the blocks before the cut and says so in {@code problems}. */
    static FlattenedStorage open(Storage file, List<String> problems) throws IOException {
        byte[] header = file.readFully(0, 32, "flattened header");
        ByteBuffer h = ByteBuffer.wrap(header);
        long type = h.getLong(16);
        long version = h.getLong(24);
        if (type != 1) {
            throw DumpException.unsupported("flattened header", 16, "type " + type + " (only type 1 is known)");
        }
        if (version < 1) {
            throw DumpException.invalid("flattened header", 24, "version " + version);
        }
        Blocks blocks = new Blocks();
        byte[] window = new byte[WINDOW];
        long windowStart = 0;
        int windowLength = 0;
        long pos = HEADER_SIZE;
        while (true) {
            if (pos < windowStart || pos + BLOCK_HEADER > windowStart + windowLength) {
                windowStart = pos;
                windowLength = file.read(pos, window, 0, WINDOW);
                if (windowLength < BLOCK_HEADER) {
                    problems.add("the flattened dump ends at 0x" + Long.toHexString(pos + windowLength)
                            + " without its end mark: the blocks before are read");
                    break;
                }
            }
            ByteBuffer b = ByteBuffer.wrap(window, (int) (pos - windowStart), BLOCK_HEADER);
            long target = b.getLong();
            long length = b.getLong();
            if (target == -1 && length == -1) {
                break;
            }
            if (target < 0 || length < 0) {
                throw DumpException.invalid("flattened block header", pos, "offset " + target + ", size " + length);
            }
            long data = pos + BLOCK_HEADER;
            if (length > file.size() - data) {
                problems.add("the flattened dump ends inside the block at 0x" + Long.toHexString(pos)
                        + ": the blocks before are read, and the part of this one that is there");
                blocks.add(target, Math.max(0, file.size() - data), data);
                break;
            }
            blocks.add(target, length, data);
            pos = data + length;
        }
        return blocks.storage(file);
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int read(long offset, byte[] dst, int pos, int length) throws IOException {
        int done = 0;
        while (done < length) {
            long at = offset + done;
            int i = lastStartingAtOrBefore(at);
            if (i < 0 || at >= targets[i] + lengths[i]) {
                // A hole of the real file (never written): zeros up to the next block, as a sparse file reads.
                int next = i + 1;
                if (next >= targets.length) {
                    return done;
                }
                int gap = (int) Math.min(length - done, targets[next] - at);
                Arrays.fill(dst, pos + done, pos + done + gap, (byte) 0);
                done += gap;
                continue;
            }
            int n = (int) Math.min(length - done, targets[i] + lengths[i] - at);
            int got = file.read(positions[i] + (at - targets[i]), dst, pos + done, n);
            done += got;
            if (got < n) {
                return done;
            }
        }
        return done;
    }

    private int lastStartingAtOrBefore(long offset) {
        int lo = 0;
        int hi = targets.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (targets[mid] <= offset) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    /** The blocks in the order they were written, growing as they are read. */
    private static final class Blocks {
        private long[] targets = new long[1024];
        private long[] lengths = new long[1024];
        private long[] positions = new long[1024];
        private int count;

        void add(long target, long length, long position) {
            if (count == targets.length) {
                targets = Arrays.copyOf(targets, count * 2);
                lengths = Arrays.copyOf(lengths, count * 2);
                positions = Arrays.copyOf(positions, count * 2);
            }
            targets[count] = target;
            lengths[count] = length;
            positions[count] = position;
            count++;
        }

        /** Sorted by offset in the real file; of blocks at the same offset the last written wins. */
        FlattenedStorage storage(Storage file) {
            Integer[] order = new Integer[count];
            for (int i = 0; i < count; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> targets[a] != targets[b] ? Long.compare(targets[a], targets[b]) : Integer.compare(a, b));
            long[] t = new long[count];
            long[] l = new long[count];
            long[] p = new long[count];
            int n = 0;
            for (int k = 0; k < count; k++) {
                int i = order[k];
                if (n > 0 && t[n - 1] == targets[i]) {
                    n--;
                }
                t[n] = targets[i];
                l[n] = lengths[i];
                p[n] = positions[i];
                n++;
            }
            return new FlattenedStorage(file, Arrays.copyOf(t, n), Arrays.copyOf(l, n), Arrays.copyOf(p, n));
        }
    }
}
