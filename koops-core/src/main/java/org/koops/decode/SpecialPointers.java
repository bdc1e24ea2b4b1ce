package org.koops.decode;

import java.util.Optional;

/**
 * The architecture-independent readings of a pointer value, tried before any address-space layout:
 * the NULL page, {@code ERR_PTR} values and poison.
 */
final class SpecialPointers {
    /** {@code PAGE_SIZE} with 4 KiB pages: the kernel calls any fault below it a NULL pointer dereference. */
    static final long NULL_PAGE_END = 0x1000;
    /** {@code MAX_ERRNO} in {@code include/linux/err.h}: ERR_PTR values are the top 4095 addresses. */
    private static final long MAX_ERRNO = 4095;
    private SpecialPointers() {
    }

    static Optional<AddressInfo> classify(long value) {
        if (Long.compareUnsigned(value, NULL_PAGE_END) < 0) {
            return Optional.of(nullPointer(value));
        }
        if (Long.compareUnsigned(value, -MAX_ERRNO) >= 0) {
            return Optional.of(new AddressInfo(AddressClass.ERR_PTR, "ERR_PTR(" + value + "): an error code "
                    + "returned in place of a pointer and used without an IS_ERR() check", null));
        }
        return PoisonValues.identify(value);
    }

    /** The same readings of a 32-bit kernel's pointer, whose poison values are 32 bits wide. */
    static Optional<AddressInfo> classify32(long value) {
        long a = value & 0xffff_ffffL;
        if (a < NULL_PAGE_END) {
            return Optional.of(nullPointer(a));
        }
        if (a >= 0x1_0000_0000L - MAX_ERRNO) {
            // Sign-extended, an ERR_PTR reads as the 64-bit one.
            return classify((long) (int) a);
        }
        return PoisonValues.identify32(a);
    }

    private static AddressInfo nullPointer(long value) {
        if (value == 0) {
            return new AddressInfo(AddressClass.NULL_POINTER, "NULL pointer itself; as the instruction pointer, a "
                    + "call through a NULL function pointer", 0L);
        }
        String token = PointerTokens.of(value).map(t -> "; " + Bits.hex(value) + " is " + t).orElse("");
        return new AddressInfo(AddressClass.NULL_POINTER, "NULL pointer + " + Bits.hex(value) + " or the value "
                + Bits.hex(value) + " itself, in the first page, which is never mapped: a field at offset "
                + Bits.hex(value) + " of a NULL structure pointer, or a small value used as a pointer" + token, value);
    }
}
