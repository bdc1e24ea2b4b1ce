package org.koops.model;

import java.util.List;

/**
 * What a memory-error sanitizer (KASAN, KFENCE, KMSAN) reports, as a kernel developer reads it first: the bad access,
 * the object it hit and where that object was allocated and freed.
 *
 * @param bug           the sanitizer's word for it, {@code slab-use-after-free}, {@code out-of-bounds}, {@code uninit-value}
 * @param access        {@code read} or {@code write}, or {@code null} when not printed
 * @param size          the access's size in bytes, or {@code null}
 * @param address       the address accessed, or {@code null}
 * @param task          the task that made the access as printed ({@code rb_reader/733}), or {@code null}
 * @param pid           its PID, or {@code null}
 * @param cache         the slab cache of the object ({@code kmalloc-32}), or {@code null}
 * @param objectAddress the object's first byte, or {@code null}
 * @param objectSize    the object's size in bytes, or {@code null}
 * @param offset        where the access is relative to the object: from its start when inside or to the right of it
 *                      (past its end when {@code relation} says so), or {@code null}
 * @param relation      {@code inside}, {@code right} (past the end: an overflow) or {@code left} (before the start), or
 *                      {@code null}
 * @param origins       the allocation, free and other origins the report prints, in its order
 * @param freedByAccessingTask whether the task that freed the object made the bad access too (a use after its own
 *                      free, no race needed); {@code null} when either task is unknown
 * @param allocatedByFreeingTask whether one task allocated and freed it; {@code null} when either is unknown
 */
public record MemoryAccess(String bug, String access, Integer size, Long address, String task, Integer pid, String cache,
                           Long objectAddress, Integer objectSize, Long offset, String relation, List<Origin> origins,
                           Boolean freedByAccessingTask, Boolean allocatedByFreeingTask) {

    /** The first origin of that kind ({@code allocated}, {@code freed} ...), or {@code null}. */
    public Origin origin(String what) {
        return origins.stream().filter(o -> o.what().equals(what)).findFirst().orElse(null);
    }
}
