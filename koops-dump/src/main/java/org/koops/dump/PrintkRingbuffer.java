package org.koops.dump;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Predicate;

/**
 * The lockless ring buffer of the kernel's log, Linux 5.10 and later (kernel/printk/printk_ringbuffer.h),
 * read with the layout VMCOREINFO gives ({@code log_buf_vmcoreinfo_setup()}).
 *
 * <p>{@code prb} points to a {@code printk_ringbuffer}: a descriptor ring of 2^count_bits {@code prb_desc}
 * (a state word and the text block's logical begin and next positions) with as many {@code printk_info}
 * (sequence, time stamp, text length, facility/level, caller id), and a text data ring of 2^size_bits
 * bytes. Descriptor ids run from {@code tail_id} to {@code head_id}; a record is readable when its state
 * word carries its own id and the state committed or finalized (the top two bits). Its text block starts
 * with the id (an unsigned long) and lies at begin's index in the ring, or at 0 when the block wrapped;
 * a block whose begin has bit 0 set holds no data.
 */
final class PrintkRingbuffer {
    private static final int STATE_SHIFT = 62;
    private static final long ID_MASK = ~(3L << STATE_SHIFT);
    private static final int COMMITTED = 1;
    private static final int FINALIZED = 2;
    /** More descriptors than this is not a kernel's ring (its size is at most 2^31 bytes of text). */
    private static final int MAX_COUNT_BITS = 26;
    private static final int MAX_SIZE_BITS = 31;
    /**
     * After this many unreadable records in a row the rest are not tried: a damaged ring can claim 2^26
     * records in pages the dump does not hold, and each would fail on its own.
     */
    private static final int MAX_FAILURES_IN_A_ROW = 4096;

    private PrintkRingbuffer() {
    }

    static boolean describedBy(Vmcoreinfo info) {
        return info.symbol("prb") != null;
    }

    /**
     * Hands each readable record to {@code sink}, oldest first, until it returns false; records that
     * cannot be read are counted in {@code problems}. Fails only when the ring itself cannot be found.
     */
    static void read(KernelMemory memory, Vmcoreinfo info, Predicate<RawRecord> sink, List<String> problems)
            throws IOException {
        Layout l = Layout.of(info);
        long prb = memory.u64(info.symbol("prb"));
        long descRing = prb + l.descRing;
        long textRing = prb + l.textRing;
        long countBits = memory.u32(descRing + l.countBits);
        long sizeBits = memory.u32(textRing + l.sizeBits);
        if (countBits > MAX_COUNT_BITS || sizeBits > MAX_SIZE_BITS || sizeBits < 3) {
            throw DumpException.invalid("printk ring buffer", prb, "2^" + countBits + " descriptors and 2^"
                    + sizeBits + " bytes of text");
        }
        long count = 1L << countBits;
        long size = 1L << sizeBits;
        long descs = memory.u64(descRing + l.descs);
        long infos = memory.u64(descRing + l.infos);
        long data = memory.u64(textRing + l.data);
        long tail = memory.u64(descRing + l.tailId + l.counter) & ID_MASK;
        long head = memory.u64(descRing + l.headId + l.counter) & ID_MASK;
        long span = (head - tail) & ID_MASK;
        if (span >= count) {
            problems.add("the ring's tail and head ids (" + tail + ", " + head + ") are " + span
                    + " apart in a ring of " + count + ": only the last " + count + " are read");
            tail = (head - count + 1) & ID_MASK;
        }
        int unreadable = 0;
        int inARow = 0;
        String firstProblem = null;
        for (long id = tail; ; id = (id + 1) & ID_MASK) {
            try {
                RawRecord r = record(memory, l, id, count, size, descs, infos, data);
                if (r != null && !sink.test(r)) {
                    problems.add("the log is longer than koops keeps; the records after sequence " + r.sequence()
                            + " are not read");
                    break;
                }
                inARow = 0;
            } catch (DumpException e) {
                unreadable++;
                if (firstProblem == null) {
                    firstProblem = e.getMessage();
                }
                if (++inARow == MAX_FAILURES_IN_A_ROW && id != head) {
                    problems.add(MAX_FAILURES_IN_A_ROW + " records in a row could not be read; the "
                            + ((head - id) & ID_MASK) + " after them are not tried");
                    break;
                }
            }
            if (id == head) {
                break;
            }
        }
        if (unreadable > 0) {
            problems.add(unreadable + (unreadable == 1 ? " record" : " records") + " could not be read (first: "
                    + firstProblem + ")");
        }
    }

    private static RawRecord record(KernelMemory memory, Layout l, long id, long count, long size, long descs,
                                    long infos, long data) throws IOException {
        long slot = id & (count - 1);
        long desc = descs + slot * l.descSize;
        long state = memory.u64(desc + l.stateVar + l.counter);
        int stateValue = (int) (state >>> STATE_SHIFT);
        if ((state & ID_MASK) != id || (stateValue != COMMITTED && stateValue != FINALIZED)) {
            return null; // reserved by a writer, reused, or not this record any more
        }
        long begin = memory.u64(desc + l.textBlock + l.begin);
        long next = memory.u64(desc + l.textBlock + l.next);
        long info = infos + slot * l.infoSize;
        ByteBuffer in = ByteBuffer.wrap(memory.bytes(info, l.infoRead)).order(memory.order());
        long sequence = in.getLong(l.seq);
        long timestamp = in.getLong(l.tsNsec);
        int textLength = Short.toUnsignedInt(in.getShort(l.textLen));
        int facility = Byte.toUnsignedInt(in.get(l.textLen + 2));
        int level = Byte.toUnsignedInt(in.get(l.textLen + 3)) >>> 5;
        long caller = l.callerId < 0 ? RawRecord.NO_CALLER : Integer.toUnsignedLong(in.getInt(l.callerId));
        byte[] text = new byte[0];
        if ((begin & 1) == 0 && begin != next) {
            text = text(memory, begin, next, size, data, textLength, id);
        }
        return new RawRecord(sequence, timestamp, level, facility, caller, text);
    }

    /** The text of a block, following the kernel's get_data(): in place, or at 0 when the block wrapped. */
    private static byte[] text(KernelMemory memory, long begin, long next, long size, long data, int textLength, long id)
            throws IOException {
        long start;
        long blockSize;
        if (Long.divideUnsigned(begin, size) == Long.divideUnsigned(next, size)) {
            start = begin & (size - 1);
            blockSize = next - begin;
        } else if (Long.divideUnsigned(begin + size, size) == Long.divideUnsigned(next, size)) {
            start = 0;
            blockSize = next & (size - 1);
        } else {
            throw DumpException.invalid("printk record " + id, -1, "text block from " + begin + " to " + next
                    + " does not fit the ring");
        }
        if (blockSize < 8 || blockSize > size) {
            throw DumpException.invalid("printk record " + id, -1, "text block of " + blockSize + " bytes");
        }
        // The block starts with the record's id; a record cut by a short block keeps what fits.
        int length = (int) Math.min(textLength, blockSize - 8);
        return memory.bytes(data + start + 8, length);
    }

    /** The offsets VMCOREINFO gives, checked once. */
    private record Layout(long descRing, long textRing, long countBits, long descs, long infos, long headId,
                          long tailId, long sizeBits, long data, long counter, long descSize, long stateVar,
                          long textBlock, long begin, long next, long infoSize, int seq, int tsNsec, int textLen,
                          int callerId, int infoRead) {
        static Layout of(Vmcoreinfo v) throws DumpException {
            long seq = need(v.offset("printk_info.seq"), "OFFSET(printk_info.seq)");
            long ts = need(v.offset("printk_info.ts_nsec"), "OFFSET(printk_info.ts_nsec)");
            long textLen = need(v.offset("printk_info.text_len"), "OFFSET(printk_info.text_len)");
            Long caller = v.offset("printk_info.caller_id");
            long infoSize = need(v.size("printk_info"), "SIZE(printk_info)");
            // facility and the flags/level byte follow text_len; the caller id follows them.
            boolean levelByte = caller != null && caller == textLen + 4;
            int infoRead = (int) Math.max(Math.max(seq + 8, ts + 8), Math.max(textLen + 4, caller == null ? 0 : caller + 4));
            Long counter = v.offset("atomic_long_t.counter");
            return new Layout(
                    need(v.offset("printk_ringbuffer.desc_ring"), "OFFSET(printk_ringbuffer.desc_ring)"),
                    need(v.offset("printk_ringbuffer.text_data_ring"), "OFFSET(printk_ringbuffer.text_data_ring)"),
                    need(v.offset("prb_desc_ring.count_bits"), "OFFSET(prb_desc_ring.count_bits)"),
                    need(v.offset("prb_desc_ring.descs"), "OFFSET(prb_desc_ring.descs)"),
                    need(v.offset("prb_desc_ring.infos"), "OFFSET(prb_desc_ring.infos)"),
                    need(v.offset("prb_desc_ring.head_id"), "OFFSET(prb_desc_ring.head_id)"),
                    need(v.offset("prb_desc_ring.tail_id"), "OFFSET(prb_desc_ring.tail_id)"),
                    need(v.offset("prb_data_ring.size_bits"), "OFFSET(prb_data_ring.size_bits)"),
                    need(v.offset("prb_data_ring.data"), "OFFSET(prb_data_ring.data)"),
                    counter == null ? 0 : counter,
                    need(v.size("prb_desc"), "SIZE(prb_desc)"),
                    need(v.offset("prb_desc.state_var"), "OFFSET(prb_desc.state_var)"),
                    need(v.offset("prb_desc.text_blk_lpos"), "OFFSET(prb_desc.text_blk_lpos)"),
                    need(v.offset("prb_data_blk_lpos.begin"), "OFFSET(prb_data_blk_lpos.begin)"),
                    need(v.offset("prb_data_blk_lpos.next"), "OFFSET(prb_data_blk_lpos.next)"),
                    infoSize, (int) seq, (int) ts, (int) textLen,
                    levelByte ? caller.intValue() : -1, infoRead);
        }
    }

    static long need(Long value, String key) throws DumpException {
        if (value == null) {
            throw DumpException.missing("VMCOREINFO", -1, "no " + key);
        }
        if (value < 0 || value > (1 << 20)) {
            throw DumpException.invalid("VMCOREINFO", -1, key + "=" + value);
        }
        return value;
    }
}
