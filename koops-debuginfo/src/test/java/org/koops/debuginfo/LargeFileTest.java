package org.koops.debuginfo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file larger than one mapping can hold (2 GB), its tables and sections beyond 3 GB; sparse, so cheap. */
class LargeFileTest {
    private static final long FAR = 3L << 30;

    @Test
    void tablesAndSectionsBeyondTwoGigabytesAreRead(@TempDir Path dir) throws Exception {
        byte[] elf = new ElfWriter(true, ByteOrder.LITTLE_ENDIAN, 0x400000, 0x100)
                .symbol("far_away", 0x400010, 0x20).buildId(new byte[] {1, 2, 3, 4}).bytes();
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        long shoff = b.getLong(0x28);
        int shnum = b.getShort(0x3c);
        for (int i = 1; i < shnum; i++) {
            int at = (int) shoff + i * 64 + 24;
            b.putLong(at, b.getLong(at) + FAR);
        }
        byte[] header = java.util.Arrays.copyOf(elf, 64);
        ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).putLong(0x28, shoff + FAR);
        Path file = dir.resolve("huge");
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.write(header);
            out.seek(FAR);
            out.write(elf);
        }

        try (Symbolizer s = Symbolizer.open(file)) {
            assertThat(s.buildId()).hasValue("01020304");
            assertThat(s.symbols("far_away")).singleElement()
                    .satisfies(sym -> assertThat(sym.address()).isEqualTo(0x400010));
        }
    }
}
