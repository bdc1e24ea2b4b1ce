package org.koops.dump;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A dump file read where it is, a part at a time by position: a 4 GB dump costs what its read pages
 * cost, never its size, and nothing of it stays in memory but what the readers above cache.
 */
final class FileStorage implements Storage {
    private final FileChannel channel;
    private final long size;

    private FileStorage(FileChannel channel) throws IOException {
        this.channel = channel;
        this.size = channel.size();
    }

    static FileStorage open(Path file) throws IOException {
        return new FileStorage(FileChannel.open(file, StandardOpenOption.READ));
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int read(long offset, byte[] dst, int pos, int length) throws IOException {
        if (offset < 0 || offset >= size || length <= 0) {
            return 0;
        }
        ByteBuffer buffer = ByteBuffer.wrap(dst, pos, (int) Math.min(length, size - offset));
        int total = 0;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, offset + total);
            if (n <= 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
