package org.koops.decode;

import java.util.Optional;

import org.koops.model.Arch;

/**
 * How a register's value relates to a fault address, on any architecture: the same value (the register held the bad
 * pointer), the value plus a field offset (it held the base of the faulting access), or the same low bits at such an
 * offset with different high bits (a copy of the pointer whose top bits were corrupted, as on arm64 where the kernel
 * faulted at {@code 0x000232bfa8c17cc5} with {@code x20 = 0x050323bfa8c17bfd}: the fault is x20's low 40 bits plus
 * {@code 0xc8}, a field at offset 200).
 *
 * <p>Design: a field access adds a displacement smaller than a page to its base, so the difference of the two values
 * is below {@value #FIELD_REACH} in the low 32 bits whenever the low bits agree; at least 32 matching low bits at
 * such an offset do not happen by chance.
 */
public final class PointerMatch {
    /** A field access adds at most a page to its base pointer. */
    public static final long FIELD_REACH = 0x1000;
    /** Below this a value is a small integer, not a pointer a field offset was added to. */
    private static final long POINTER_MIN = 0x10000;
    private static final int LOW_BITS_MIN = 32;
    /** Values below this fit in 32 bits: their low bits say nothing about a 64-bit pointer. */
    private static final long WIDE = 1L << 32;
    /** arm64 addresses below the top (tag) byte. */
    private static final int TAGGED_BITS = 56;
    private static final long MAX_ERRNO = 4095;

    /** How the register relates to the fault address. */
    public enum Kind {
        /** The register holds the fault address. */
        SAME,
        /** The fault address is the register plus {@link Match#offset()}. */
        BASE,
        /** The fault address minus {@link Match#offset()} and the register share their low {@link Match#bits()} bits. */
        LOW_BITS
    }

    /**
     * @param offset what the access added to the register's value (0 for {@link Kind#SAME})
     * @param bits   how many low bits agree (64 unless {@link Kind#LOW_BITS})
     */
    public record Match(Kind kind, long offset, int bits) {
    }

    private PointerMatch() {
    }

    /** How {@code value} relates to {@code fault} on {@code arch}, if it does. */
    public static Optional<Match> of(Arch arch, long value, long fault) {
        if (same(arch, value, fault)) {
            return Optional.of(new Match(Kind.SAME, 0, 64));
        }
        if (Long.compareUnsigned(value, POINTER_MIN) < 0 || Long.compareUnsigned(value, -MAX_ERRNO) >= 0) {
            return Optional.empty();
        }
        long offset = fault - value;
        if (offset > 0 && offset < FIELD_REACH) {
            return Optional.of(new Match(Kind.BASE, offset, 64));
        }
        long low = (fault - value) & 0xffff_ffffL;
        // Matching low bits mean something only for two full-width pointers, not for small numbers.
        if (low < FIELD_REACH && Long.compareUnsigned(fault, WIDE) >= 0 && Long.compareUnsigned(value, WIDE) >= 0) {
            int bits = Long.numberOfTrailingZeros((fault - low) ^ value);
            if (arch == Arch.ARM64 && bits >= TAGGED_BITS && low > 0) {
                return Optional.of(new Match(Kind.BASE, low, 64));
            }
            if (bits >= LOW_BITS_MIN && bits < 64) {
                return Optional.of(new Match(Kind.LOW_BITS, low, bits));
            }
        }
        return Optional.empty();
    }

    /** arm64 ignores the top byte of an address (TBI) and prints the fault address without it. */
    private static boolean same(Arch arch, long value, long fault) {
        return arch == Arch.ARM64 ? (value & 0x00ff_ffff_ffff_ffffL) == (fault & 0x00ff_ffff_ffff_ffffL) : value == fault;
    }
}
