package org.koops.decode;

/**
 * Classification of arm64 addresses by translation range.
 *
 * <p>Per Arm ARM D8.2 (VMSAv8-64 translation): with {@code VA_BITS} = n, TTBR0 (user) translates
 * {@code [0, 2^n)} and TTBR1 (kernel) {@code [2^64 - 2^n, 2^64)}; anything between faults at level 0.
 * The wording follows {@code show_pte()} in {@code arch/arm64/mm/fault.c}
 * ({@code address between user and kernel address ranges}). The kernel regions within TTBR1 moved
 * between releases ({@code Documentation/arch/arm64/memory.rst}), so kernel addresses are not
 * subdivided.
 */
public final class Arm64Addresses {
    /** The common configuration: 4 KiB pages, 4 levels. */
    public static final int DEFAULT_VA_BITS = 48;

    private Arm64Addresses() {
    }

    /** {@link #classify(long, int)} with 48-bit virtual addresses. */
    public static AddressInfo classify(long address) {
        return classify(address, DEFAULT_VA_BITS);
    }

    /**
     * What an address is on arm64: the NULL page, ERR_PTR and poison first (see {@link PoisonValues}),
     * then user (TTBR0), kernel (TTBR1) or the gap between them.
     *
     * @param vaBits the kernel's {@code VA_BITS}: 39, 42, 47, 48 or 52
     */
    public static AddressInfo classify(long address, int vaBits) {
        return SpecialPointers.classify(address).orElseGet(() -> classifyRange(address, vaBits));
    }

    private static AddressInfo classifyRange(long address, int vaBits) {
        long span = 1L << vaBits;
        if (Long.compareUnsigned(address, span) < 0) {
            return new AddressInfo(AddressClass.USER, "user-space address (TTBR0 range)", null);
        }
        if (Long.compareUnsigned(address, -span) >= 0) {
            return new AddressInfo(AddressClass.KERNEL, "kernel address (TTBR1 range)", null);
        }
        return new AddressInfo(AddressClass.NON_CANONICAL, "address between user and kernel address ranges "
                + "(" + vaBits + "-bit VAs): no translation table covers it, so any access faults; typically a "
                + "corrupted pointer", null);
    }
}
