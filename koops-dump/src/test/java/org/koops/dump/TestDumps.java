package org.koops.dump;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeMap;

/**
 * Dumps written for other modules' tests (the commands that read a vmcore where they read a log): an
 * x86-64 ELF vmcore of a kernel with the log buffer of Linux 3.5 to 5.9 holding the given lines, and
 * a VMCOREINFO note naming the kernel's release and build id.
 */
public final class TestDumps {
    private static final long PHYS_BASE = 0x100_0000;
    private static final long IMAGE = 0xffffffff81000000L;

    private TestDumps() {
    }

    /**
     * The vmcore's bytes: each line a record at level 4, stamped a millisecond after the one before,
     * from 1.000000 on.
     */
    public static byte[] elfWithLog(String release, String buildId, List<String> lines) {
        TreeMap<Long, byte[]> pages = new TreeMap<>();
        long vars = IMAGE + 0x10_0000;
        long buffer = IMAGE + 0x20_0000;
        int size = 8;
        for (String line : lines) {
            size += (16 + line.getBytes(StandardCharsets.UTF_8).length + 7) & ~7;
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        int at = 0;
        long nanos = 1_000_000_000L;
        for (String line : lines) {
            byte[] text = line.getBytes(StandardCharsets.UTF_8);
            int length = (16 + text.length + 7) & ~7;
            b.putLong(at, nanos).putShort(at + 8, (short) length).putShort(at + 10, (short) text.length)
                    .put(at + 15, (byte) (4 << 5));
            b.put(at + 16, text);
            at += length;
            nanos += 1_000_000;
        }
        put(pages, X86Paging.imagePhysical(vars, PHYS_BASE), ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(buffer).putInt(size).putInt(0).putInt(at).array());
        put(pages, X86Paging.imagePhysical(buffer, PHYS_BASE), b.array());
        String info = "OSRELEASE=" + release + "\nBUILD-ID=" + buildId + "\nPAGESIZE=4096\nSYMBOL(log_buf)="
                + Long.toHexString(vars) + "\nSYMBOL(log_buf_len)=" + Long.toHexString(vars + 8)
                + "\nSYMBOL(log_first_idx)=" + Long.toHexString(vars + 12) + "\nSYMBOL(log_next_idx)="
                + Long.toHexString(vars + 16) + "\nSIZE(printk_log)=16\nOFFSET(printk_log.ts_nsec)=0"
                + "\nOFFSET(printk_log.len)=8\nOFFSET(printk_log.text_len)=10\nNUMBER(phys_base)=" + PHYS_BASE + "\n";
        return DumpWriter.elf(DumpWriter.note("VMCOREINFO", 0, info.getBytes(StandardCharsets.US_ASCII)), pages);
    }

    private static void put(TreeMap<Long, byte[]> pages, long physical, byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            long at = physical + i;
            pages.computeIfAbsent(at & ~(DumpWriter.PAGE - 1L), k -> new byte[DumpWriter.PAGE])[(int) (at & (DumpWriter.PAGE - 1))] = bytes[i];
        }
    }
}
