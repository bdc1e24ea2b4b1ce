package org.koops.debuginfo;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A file opened for reading in parts. Each part (a header, a table, a section) is mapped on its own,
 * so a file of any size is read without one mapping above the 2 GB a {@link ByteBuffer} allows;
 * small parts are read instead of mapped. Compressed modules ({@code .ko.xz}, {@code .ko.zst},
 * {@code .ko.gz}, recognised by their magic bytes) are first decompressed into a temporary file, so
 * memory stays bounded whatever their size.
 */
final class MappedFile implements Closeable {
    /** Parts smaller than this are read: a mapping costs a system call and a page-table entry. */
    private static final int READ_BELOW = 1 << 16;
    /** A decompressed module larger than this is a decompression bomb, not a module. */
    private static final long MAX_DECOMPRESSED = 4L << 30;

    private final String name;
    private final FileChannel channel;
    private final long size;
    private final Path temporary;

    private MappedFile(String name, FileChannel channel, Path temporary) throws IOException {
        this.name = name;
        this.channel = channel;
        this.size = channel.size();
        this.temporary = temporary;
    }

    static MappedFile open(Path path) throws IOException {
        String name = String.valueOf(path.getFileName());
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            byte[] magic = new byte[Compression.MAGIC_LENGTH];
            int n = channel.read(ByteBuffer.wrap(magic), 0);
            Compression compression = Compression.of(Arrays.copyOf(magic, Math.max(n, 0)));
            if (compression == null) {
                return new MappedFile(name, channel, null);
            }
            Path temp = Files.createTempFile("koops-", ".elf");
            try (InputStream raw = new java.io.BufferedInputStream(Channels.newInputStream(channel.position(0)), 1 << 16);
                 OutputStream out = Files.newOutputStream(temp)) {
                copy(raw, out, name, compression);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(temp);
                throw e;
            }
            channel.close();
            return new MappedFile(name, FileChannel.open(temp, StandardOpenOption.READ), temp);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Decompresses {@code raw} into {@code out}; the stream's header is read in here too, so its damage is named alike. */
    private static void copy(InputStream raw, OutputStream out, String name, Compression compression)
            throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        try (InputStream in = compression.open(raw)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > MAX_DECOMPRESSED) {
                    throw DebugInfoException.unsupported(name + " " + compression.label, total,
                            "decompresses to more than " + (MAX_DECOMPRESSED >> 30) + " GiB");
                }
                out.write(buffer, 0, n);
            }
        } catch (EOFException e) {
            throw DebugInfoException.truncated(name + " " + compression.label, total, "the compressed data ends early");
        } catch (DebugInfoException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // The decompressors report corrupt data with their own exception types.
            throw DebugInfoException.invalid(name + " " + compression.label, total,
                    "corrupt compressed data (" + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()) + ")");
        }
    }

    String name() {
        return name;
    }

    long size() {
        return size;
    }

    /**
     * The part {@code [offset, offset + length)}; if the file ends first, the part that exists,
     * {@linkplain Slice#clipped() clipped}.
     */
    Slice slice(long offset, long length, ByteOrder order, String what) throws DebugInfoException {
        if (offset < 0 || length < 0 || length > Integer.MAX_VALUE - 8) {
            throw DebugInfoException.unsupported(name + " " + what, offset,
                    "0x" + Long.toUnsignedString(length, 16) + " bytes is more than one part can hold (2 GiB)");
        }
        long available = Math.max(0, Math.min(length, size - offset));
        try {
            ByteBuffer buffer;
            if (available >= READ_BELOW) {
                buffer = channel.map(FileChannel.MapMode.READ_ONLY, offset, available);
            } else {
                buffer = ByteBuffer.allocate((int) available);
                while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) > 0) {
                    // read until full: the file is at least this long
                }
                buffer.flip();
            }
            return new Slice(buffer.order(order), length, name + " " + what);
        } catch (IOException e) {
            throw DebugInfoException.invalid(name + " " + what, offset, "cannot read: " + e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
        if (temporary != null) {
            Files.deleteIfExists(temporary);
        }
    }
}
