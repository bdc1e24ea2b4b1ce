package org.koops.dump;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Predicate;

/**
 * The kernel's log buffer of Linux 3.5 to 5.9: {@code log_buf}, {@code log_buf_len} bytes of
 * variable-length records ({@code struct printk_log}, {@code struct log} before 3.11: time stamp,
 * record length, text length, dictionary length, facility, flags and level), the oldest at
 * {@code log_first_idx}, the next free one at {@code log_next_idx}. A record whose length is 0, or
 * that would not fit before the end, means the buffer wrapped to index 0.
 */
final class PrintkLogBuffer {
    /** The kernel caps log_buf_len at 2^25 (LOG_BUF_LEN_MAX of old kernels is 1 << 25). */
    private static final long MAX_LENGTH = 1L << 31;

    private PrintkLogBuffer() {
    }

    static boolean describedBy(Vmcoreinfo info) {
        return info.symbol("log_buf") != null && info.symbol("log_first_idx") != null;
    }

    static void read(KernelMemory memory, Vmcoreinfo info, Predicate<RawRecord> sink, List<String> problems)
            throws IOException {
        String struct = info.size("printk_log") != null ? "printk_log" : "log";
        long header = PrintkRingbuffer.need(info.size(struct), "SIZE(printk_log)");
        int tsNsec = (int) PrintkRingbuffer.need(info.offset(struct + ".ts_nsec"), "OFFSET(printk_log.ts_nsec)");
        int len = (int) PrintkRingbuffer.need(info.offset(struct + ".len"), "OFFSET(printk_log.len)");
        int textLen = (int) PrintkRingbuffer.need(info.offset(struct + ".text_len"), "OFFSET(printk_log.text_len)");
        Long callerOffset = info.offset(struct + ".caller_id");
        long buffer = memory.u64(info.symbol("log_buf"));
        long length = memory.u32(symbol(info, "log_buf_len"));
        long first = memory.u32(symbol(info, "log_first_idx"));
        long next = memory.u32(symbol(info, "log_next_idx"));
        if (length <= header || length > MAX_LENGTH || first >= length || next >= length) {
            throw DumpException.invalid("log buffer", buffer, "log_buf_len " + length + ", first index " + first
                    + ", next index " + next);
        }
        ByteBuffer b = ByteBuffer.wrap(memory.bytes(buffer, (int) length)).order(memory.order());
        long sequence = 0;
        long steps = length / header + 2;
        int index = (int) first;
        while (index != next) {
            if (steps-- < 0) {
                problems.add("the log buffer's records do not lead from its first to its next index; the rest is not read");
                return;
            }
            int recordLength = index + header <= length ? Short.toUnsignedInt(b.getShort(index + len)) : 0;
            if (recordLength == 0) {
                index = 0;
                continue;
            }
            int text = Short.toUnsignedInt(b.getShort(index + textLen));
            if (recordLength < header || index + recordLength > length || header + text > recordLength) {
                problems.add("a record at index " + index + " of the log buffer is damaged; the rest is not read");
                return;
            }
            byte[] bytes = new byte[text];
            b.get(index + (int) header, bytes);
            int levelByte = Byte.toUnsignedInt(b.get(index + textLen + 5));
            long caller = callerOffset == null ? RawRecord.NO_CALLER : Integer.toUnsignedLong(b.getInt(index + callerOffset.intValue()));
            if (!sink.test(new RawRecord(sequence++, b.getLong(index + tsNsec), levelByte >>> 5,
                    Byte.toUnsignedInt(b.get(index + textLen + 4)), caller, bytes))) {
                problems.add("the log is longer than koops keeps; the records after sequence " + (sequence - 1)
                        + " are not read");
                return;
            }
            index += recordLength;
        }
    }

    private static long symbol(Vmcoreinfo info, String name) throws DumpException {
        Long address = info.symbol(name);
        if (address == null) {
            throw DumpException.missing("VMCOREINFO", -1, "no SYMBOL(" + name + ")");
        }
        return address;
    }
}
