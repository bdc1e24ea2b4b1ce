package org.koops.decode;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's poison values: recognisable garbage written into freed, deleted or uninitialised
 * memory, so that a pointer loaded from such memory tells what happened to it.
 *
 * <p>Source: {@code include/linux/poison.h} ({@code POISON_POINTER_DELTA} is
 * {@code CONFIG_ILLEGAL_POINTER_VALUE}, {@code 0xdead000000000000} on x86-64 and arm64) and
 * {@code STACKLEAK_POISON} in {@code include/linux/stackleak.h}. The values are the same on every
 * 64-bit architecture, so the checks are too; 32-bit kernels repeat the poison bytes over 4 bytes.
 */
public final class PoisonValues {
    private static final long POISON_POINTER_DELTA = 0xdead_0000_0000_0000L;
    /** Offsets past a poison pointer that still read as "that pointer plus a field offset". */
    private static final long FIELD_REACH = 0x1000;
    private static final long STACKLEAK_POISON = -0xBEEFL;
    private static final long POISON_END = 0xa5;
    private static final long POISON_FREE = 0x6b;
    private static final long BYTES = 0x0101_0101_0101_0101L;

    /** A poison pointer: {@code POISON_POINTER_DELTA + delta}. */
    private record PoisonPointer(long delta, String name, String meaning) {
    }

    private static final List<PoisonPointer> POINTERS = List.of(
            new PoisonPointer(0x100, "LIST_POISON1", "the next pointer list_del() leaves in a deleted entry: "
                    + "the entry was used after it was removed from its list, or removed twice"),
            new PoisonPointer(0x122, "LIST_POISON2", "the prev pointer list_del() leaves in a deleted entry: "
                    + "the entry was used after it was removed from its list, or removed twice"),
            new PoisonPointer(0x300, "TIMER_ENTRY_STATIC", "the marker of a statically initialised timer"),
            new PoisonPointer(0x400, "TAIL_MAPPING", "the mapping field of a compound page's tail page"));

    /** A byte that poisoning repeats over a whole object or page. */
    private record PoisonByte(long value, String name, String meaning) {
    }

    private static final List<PoisonByte> PATTERNS = List.of(
            new PoisonByte(POISON_FREE, "POISON_FREE", "slab use-after-free poison: the pointer was read from "
                    + "an object that had already been freed"),
            new PoisonByte(0x5a, "POISON_INUSE", "slab poison of allocated but never initialised memory: "
                    + "the pointer was read before anything was stored"),
            new PoisonByte(POISON_END, "POISON_END", "the end byte of slab poisoning"),
            new PoisonByte(0xcc, "SLUB_RED_ACTIVE", "SLUB red zone of a live object (an out-of-bounds access "
                    + "past the object), or freed init memory (POISON_FREE_INITMEM)"),
            new PoisonByte(0xbb, "SLUB_RED_INACTIVE", "SLUB red zone of a free object"),
            new PoisonByte(0xaa, "PAGE_POISON", "page-allocator poison of a freed page: use after the page "
                    + "was freed"));

    private PoisonValues() {
    }

    /**
     * What poison, if any, {@code value} is: a poison pointer ({@code 0xdead000000000100}) possibly plus
     * a field offset, a repeated poison byte ({@code 0x6b6b6b6b6b6b6b6b}) possibly plus an offset in the
     * low 16 bits ({@code 0x6b6b6b6b6b6b6bd3}), or {@code STACKLEAK_POISON}. The offset of the result is
     * the distance from the matched poison value.
     */
    public static Optional<AddressInfo> identify(long value) {
        if (value == STACKLEAK_POISON) {
            return Optional.of(new AddressInfo(AddressClass.POISON_PATTERN, "STACKLEAK_POISON (-0xbeef): a value "
                    + "from an erased part of the kernel stack, i.e. an uninitialised stack variable", 0L));
        }
        return poisonPointer(value).or(() -> poisonPattern(value));
    }

    private static Optional<AddressInfo> poisonPointer(long value) {
        long delta = value - POISON_POINTER_DELTA;
        if (Long.compareUnsigned(delta, 0x10000) >= 0) {
            return Optional.empty();
        }
        return POINTERS.stream()
                .filter(p -> delta >= p.delta() && delta - p.delta() < FIELD_REACH)
                .max(Comparator.comparingLong(PoisonPointer::delta))
                .map(p -> new AddressInfo(AddressClass.POISON_POINTER, p.name() + plus(delta - p.delta())
                        + ": " + p.meaning(), delta - p.delta()))
                .or(() -> Optional.of(new AddressInfo(AddressClass.POISON_POINTER, "POISON_POINTER_DELTA "
                        + Bits.signedOffset(delta) + ": a poison pointer from include/linux/poison.h", delta)));
    }

    /**
     * Design: a pointer loaded from poisoned memory is the repeated byte; dereferencing a field adds a
     * small offset that only changes the low bytes, so the six high bytes identify the poison. The last
     * word of a freed object ends in POISON_END, which a little-endian load puts in the top byte.
     */
    private static Optional<AddressInfo> poisonPattern(long value) {
        long freeFull = POISON_FREE * BYTES;
        if (Bits.field(value, 56, 8) == POISON_END && Bits.field(value, 16, 40) == Bits.field(freeFull, 16, 40)) {
            return Optional.of(new AddressInfo(AddressClass.POISON_PATTERN, "POISON_FREE bytes ending in "
                    + "POISON_END: the last word of a freed slab object (use-after-free)", null));
        }
        for (PoisonByte p : PATTERNS) {
            long full = p.value() * BYTES;
            if ((value >>> 16) == (full >>> 16)) {
                long offset = value - full;
                return Optional.of(new AddressInfo(AddressClass.POISON_PATTERN, p.name() + " pattern "
                        + Bits.hex(full) + plus(offset) + ": " + p.meaning(), offset));
            }
        }
        return Optional.empty();
    }

    /**
     * What poison, if any, a 32-bit kernel's {@code value} is: a repeated poison byte ({@code 0x6b6b6b6b})
     * possibly plus a field offset ({@code 0x6b6b6b6f}). 32-bit kernels have no poison pointer offset
     * ({@code CONFIG_ILLEGAL_POINTER_VALUE} is 0), so their list poisons lie in the NULL page, which is read first.
     */
    public static Optional<AddressInfo> identify32(long value) {
        long v = value & 0xffff_ffffL;
        for (PoisonByte p : PATTERNS) {
            long full = p.value() * BYTES & 0xffff_ffffL;
            long offset = v - full;
            if (offset > -FIELD_REACH && offset < FIELD_REACH) {
                return Optional.of(new AddressInfo(AddressClass.POISON_PATTERN, p.name() + " pattern "
                        + Bits.hex(full) + plus(offset) + ": " + p.meaning(), offset));
            }
        }
        return Optional.empty();
    }

    private static String plus(long offset) {
        return offset == 0 ? "" : " " + Bits.signedOffset(offset);
    }
}
