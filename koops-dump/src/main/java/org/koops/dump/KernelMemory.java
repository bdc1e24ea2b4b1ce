package org.koops.dump;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The kernel's virtual memory in a dump: reads that cross pages are split, each page translated by
 * the {@link Paging} once and kept with the last few hundred others.
 */
final class KernelMemory {
    private static final int CACHED_PAGES = 512;

    private final PhysicalMemory memory;
    private final Paging paging;
    private final int pageSize;
    private final ByteOrder order;
    private final Map<Long, byte[]> pages = new LinkedHashMap<>(CACHED_PAGES * 2, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
            return size() > CACHED_PAGES;
        }
    };

    KernelMemory(PhysicalMemory memory, Paging paging, int pageSize, ByteOrder order) {
        this.memory = memory;
        this.paging = paging;
        this.pageSize = pageSize;
        this.order = order;
    }

    ByteOrder order() {
        return order;
    }

    /** {@code length} bytes at {@code virtual}. */
    byte[] bytes(long virtual, int length) throws IOException {
        byte[] out = new byte[length];
        int done = 0;
        while (done < length) {
            long at = virtual + done;
            int inPage = (int) Long.remainderUnsigned(at, pageSize);
            int n = Math.min(length - done, pageSize - inPage);
            System.arraycopy(page(at - inPage), inPage, out, done, n);
            done += n;
        }
        return out;
    }

    private byte[] page(long virtual) throws IOException {
        byte[] page = pages.get(virtual);
        if (page == null) {
            page = new byte[pageSize];
            memory.read(paging.physical(virtual), page, 0, pageSize);
            pages.put(virtual, page);
        }
        return page;
    }

    long u64(long virtual) throws IOException {
        return ByteBuffer.wrap(bytes(virtual, 8)).order(order).getLong();
    }

    long u32(long virtual) throws IOException {
        return Integer.toUnsignedLong(ByteBuffer.wrap(bytes(virtual, 4)).order(order).getInt());
    }

    int u16(long virtual) throws IOException {
        return Short.toUnsignedInt(ByteBuffer.wrap(bytes(virtual, 2)).order(order).getShort());
    }
}
