package org.koops.dump;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the lab's kernels (6.1, 4-level paging) do not show: 5-level page tables and large pages on
 * x86-64, arm64's 4- and 3-level tables, and the log buffer of Linux 3.5 to 5.9, on memory written here.
 */
class PagingAndOldKernelsTest {
    private static final int PAGE = DumpWriter.PAGE;

    @TempDir
    Path dir;

    private final TreeMap<Long, byte[]> pages = new TreeMap<>();

    private void put(long physical, long value) {
        byte[] page = pages.computeIfAbsent(physical & ~(PAGE - 1L), k -> new byte[PAGE]);
        ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN).putLong((int) (physical & (PAGE - 1)), value);
    }

    private void put(long physical, byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            long at = physical + i;
            pages.computeIfAbsent(at & ~(PAGE - 1L), k -> new byte[PAGE])[(int) (at & (PAGE - 1))] = bytes[i];
        }
    }

    private PhysicalMemory memory() throws IOException {
        return ElfCore.open(new Fixtures.Bytes(DumpWriter.elf(new byte[0], pages)), new ArrayList<>());
    }

    @Test
    void x86FiveLevelTablesAndLargePages() throws IOException {
        long va = 0xff11_2233_4455_6678L;
        // Level 5 at 0x10000, 4 at 0x11000, 3 at 0x12000, 2 at 0x13000, 1 at 0x14000, page at 0x20000.
        put(0x10000 + ((va >>> 48) & 511) * 8, 0x11000 | 0x63);
        put(0x11000 + ((va >>> 39) & 511) * 8, 0x12000 | 0x63);
        put(0x12000 + ((va >>> 30) & 511) * 8, 0x13000 | 0x63);
        put(0x13000 + ((va >>> 21) & 511) * 8, 0x14000 | 0x63);
        put(0x14000 + ((va >>> 12) & 511) * 8, 0x8000_0000_0002_0063L); // NX set: not part of the address
        long big = va + (1L << 21);
        put(0x13000 + ((big >>> 21) & 511) * 8, 0x4000_0000L | 0x80 | 0x63); // a 2 MiB page
        long huge = va + (1L << 30);
        put(0x12000 + ((huge >>> 30) & 511) * 8, 0x8000_0000L | 0x80 | 0x63); // a 1 GiB page
        PhysicalMemory memory = memory();

        X86Paging paging = new X86Paging(memory, 0x10000, true, 0x100_0000, 0);
        assertThat(paging.physical(va)).isEqualTo(0x20678);
        assertThat(paging.physical(big)).isEqualTo(0x4000_0000L | (big & 0x1f_ffff));
        assertThat(paging.physical(huge)).isEqualTo(0x8000_0000L | (huge & 0x3fff_ffff));
        // The kernel image is at phys_base, whatever the tables say.
        assertThat(paging.physical(0xffffffff81000010L)).isEqualTo(0x200_0010);
    }

    @Test
    void arm64TablesOfFourAndThreeLevels() throws IOException {
        long va = 0xffff_8000_1234_5678L;
        // 48-bit, 4 KiB pages: levels 0-3 resolve bits 47-39, 38-30, 29-21, 20-12.
        put(0x10000 + ((va >>> 39) & 511) * 8, 0x11000 | 3);
        put(0x11000 + ((va >>> 30) & 511) * 8, 0x12000 | 3);
        put(0x12000 + ((va >>> 21) & 511) * 8, 0x13000 | 3);
        put(0x13000 + ((va >>> 12) & 511) * 8, 0x0060_0000_0004_0703L); // a page; upper attributes set
        long block = va + (1L << 21);
        put(0x12000 + ((block >>> 21) & 511) * 8, 0x4000_0000L | 0x701); // a 2 MiB block
        // 39-bit: three levels from 0x20000 (bits 38-30, 29-21, 20-12).
        long va39 = 0xffff_ff80_0010_2345L;
        put(0x20000 + ((va39 >>> 30) & 511) * 8, 0x21000 | 3);
        put(0x21000 + ((va39 >>> 21) & 511) * 8, 0x22000 | 3);
        put(0x22000 + ((va39 >>> 12) & 511) * 8, 0x50000 | 0x703);
        PhysicalMemory memory = memory();

        Arm64Paging paging = new Arm64Paging(memory, 0x10000, PAGE, 48, 0, 0, 0, ByteOrder.LITTLE_ENDIAN);
        assertThat(paging.physical(va)).isEqualTo(0x40678);
        assertThat(paging.physical(block)).isEqualTo(0x4000_0000L | (block & 0x1f_ffff));
        Arm64Paging paging39 = new Arm64Paging(memory, 0x20000, PAGE, 39, 0, 0, 0, ByteOrder.LITTLE_ENDIAN);
        assertThat(paging39.physical(va39)).isEqualTo(0x50345);
    }

    /**
     * A kernel of 3.5 to 5.9: {@code log_buf} points to records of a 16-byte {@code printk_log} header
     * (time stamp, record length, text length, dictionary length, facility, flags and level) and the
     * text, 8-aligned; the buffer wrapped, so the oldest record is in the middle, a zero length marks
     * the end of the used part, and the newest records are at the start.
     */
    @Test
    void theLogBufferOfLinux35To59() throws IOException {
        long physBase = 0x100_0000;
        long image = 0xffffffff81000000L;
        long vars = image + 0x10_0000;
        long buffer = image + 0x20_0000;
        int length = 512;
        put(X86Paging.imagePhysical(vars, physBase), buffer); // char *log_buf
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        int first = record(b, 200, 1_500_000_000L, 6, "the oldest record");
        int end = record(b, first, 2_250_000_000L, 4, "then a warning\\x01");
        b.putShort(end + 8, (short) 0); // the wrap mark
        int next = record(b, 0, 3_000_000_000L, 0, "Kernel panic - not syncing: the newest");
        put(X86Paging.imagePhysical(buffer, physBase), b.array());
        byte[] counters = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(length).putInt(200).putInt(next).array();
        put(X86Paging.imagePhysical(vars + 8, physBase), counters);
        String info = "OSRELEASE=5.4.0-test\nPAGESIZE=4096\nSYMBOL(log_buf)=" + Long.toHexString(vars)
                + "\nSYMBOL(log_buf_len)=" + Long.toHexString(vars + 8) + "\nSYMBOL(log_first_idx)=" + Long.toHexString(vars + 12)
                + "\nSYMBOL(log_next_idx)=" + Long.toHexString(vars + 16) + "\nSIZE(printk_log)=16\nOFFSET(printk_log.ts_nsec)=0"
                + "\nOFFSET(printk_log.len)=8\nOFFSET(printk_log.text_len)=10\nNUMBER(phys_base)=" + physBase + "\n";
        byte[] elf = DumpWriter.elf(DumpWriter.note("VMCOREINFO", 0, info.getBytes(StandardCharsets.US_ASCII)), pages);

        try (Vmcore dump = Vmcore.open(Fixtures.write(dir, "vmcore", elf))) {
            Vmcore.Dmesg d = dump.dmesg();
            assertThat(d.problems()).isEmpty();
            assertThat(new String(d.text(), StandardCharsets.ISO_8859_1)).isEqualTo("""
                    [    1.500000] the oldest record
                    [    2.250000] then a warning\\x01
                    [    3.000000] Kernel panic - not syncing: the newest
                    """);
            assertThat(dump.log().records()).extracting(LogRecord::level).containsExactly(6, 4, 0);
            assertThat(dump.log().records()).extracting(LogRecord::caller).containsOnlyNulls();
            assertThat(dump.info().release()).isEqualTo("5.4.0-test");
        }
    }

    /** Writes a record at {@code at}; returns where the next one starts. */
    private static int record(ByteBuffer b, int at, long nanos, int level, String text) {
        byte[] t = text.replace("\\x01", "\u0001").getBytes(StandardCharsets.ISO_8859_1);
        int length = (16 + t.length + 7) & ~7;
        b.putLong(at, nanos).putShort(at + 8, (short) length).putShort(at + 10, (short) t.length).putShort(at + 12, (short) 0)
                .put(at + 14, (byte) 0).put(at + 15, (byte) (level << 5));
        b.put(at + 16, t);
        return at + length;
    }
}
