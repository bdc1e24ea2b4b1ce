package org.koops.dump;

import java.io.Closeable;
import java.io.IOException;

/**
 * The bytes of a dump file, read at absolute offsets: the file itself, or the file a flattened dump
 * stands for ({@link FlattenedStorage}).
 */
interface Storage extends Closeable {
    /** The size of the (reassembled) file. */
    long size();

    /**
     * Reads {@code length} bytes at {@code offset} into {@code dst} at {@code pos}; returns how many
     * could be read, fewer only where the file ends or has no data.
     */
    int read(long offset, byte[] dst, int pos, int length) throws IOException;

    /** Reads exactly {@code length} bytes, or fails: truncated where the file ends first. */
    default byte[] readFully(long offset, int length, String what) throws IOException {
        byte[] bytes = new byte[length];
        int n = read(offset, bytes, 0, length);
        if (n < length) {
            throw DumpException.truncated(what, offset + n, "the file ends " + n + " bytes into " + length);
        }
        return bytes;
    }
}
