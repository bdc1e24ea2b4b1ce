package org.koops.decode;

import java.util.Map;
import java.util.Optional;

/**
 * What the kinds of {@code refcount_t: ...} warnings mean ({@code lib/refcount.c}, {@code refcount_warn_saturate()}):
 * the kind names the misuse, and the misuse names the bug.
 */
public final class RefcountWarnings {
    private static final Map<String, String> KINDS = Map.of(
            "underflow", "a reference count was decremented below zero: one put too many, so the object may already be freed",
            "addition on 0", "a reference was taken on an object whose count had reached 0, i.e. one already being freed",
            "increment on 0", "a reference was taken on an object whose count had reached 0, i.e. one already being freed",
            "saturated", "the counter hit its saturation value and is pinned there: the object is never freed (a leak); "
                    + "usually gets without puts",
            "decrement hit 0", "a decrement that must not free reached 0: the object is leaked",
            "addition resulted in overflow", "the counter overflowed: far too many gets");

    private RefcountWarnings() {
    }

    /** The meaning of the kind printed after {@code refcount_t: }, if known. */
    public static Optional<String> meaning(String kind) {
        return Optional.ofNullable(KINDS.get(kind));
    }
}
