package org.koops.decode;

import java.util.Map;
import java.util.Optional;

/** The small values the kernel itself hands out as pointers: a pointer equal to one is that token, not NULL plus an offset. */
public final class PointerTokens {
    /**
     * Small values the kernel itself uses as pointers, each a token some code hands out, so that a pointer equal to
     * one of them is that token rather than NULL plus an offset.
     */
    private static final Map<Long, String> TOKENS = Map.of(
            0x1L, "SEQ_START_TOKEN ((void *)1), the v a seq_file show() or next() function gets for the header "
                    + "line (include/linux/seq_file.h)",
            0x10L, "ZERO_SIZE_PTR, what kmalloc(0) returns (include/linux/slab.h)",
            0x100L, "LIST_POISON1 of a kernel without POISON_POINTER_DELTA (32-bit): the next pointer of a deleted "
                    + "list entry",
            0x122L, "LIST_POISON2 of a kernel without POISON_POINTER_DELTA (32-bit): the prev pointer of a deleted "
                    + "list entry");

    private PointerTokens() {
    }

    /** The token's name alone ({@code SEQ_START_TOKEN}), if {@code value} is one. */
    public static Optional<String> name(long value) {
        return of(value).map(t -> t.split("[ ,]", 2)[0]);
    }

    /** What the kernel means by the pointer value {@code value}, if it is one of its tokens. */
    public static Optional<String> of(long value) {
        return Optional.ofNullable(TOKENS.get(value));
    }
}
