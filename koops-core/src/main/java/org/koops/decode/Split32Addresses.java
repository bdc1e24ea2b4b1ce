package org.koops.decode;

/**
 * What an address is on a 32-bit kernel (arm, i386). Where user space ends is a build option
 * ({@code CONFIG_VMSPLIT_*}: {@code PAGE_OFFSET} from 0x40000000 to 0xc0000000), which the report
 * does not print, so only what holds under every split is said.
 */
public final class Split32Addresses {
    /** {@code PAGE_OFFSET} of VMSPLIT_1G, the lowest: below it is user space under every split. */
    private static final long LOWEST_PAGE_OFFSET = 0x4000_0000L;
    /** {@code PAGE_OFFSET} of VMSPLIT_3G, the highest: from it on is the kernel's under every split. */
    private static final long HIGHEST_PAGE_OFFSET = 0xc000_0000L;

    private Split32Addresses() {
    }

    /** The NULL page, {@code ERR_PTR} and poison first, then user or kernel space when every split agrees. */
    public static AddressInfo classify(long address) {
        long a = address & 0xffff_ffffL;
        return SpecialPointers.classify32(a).orElseGet(() -> {
            if (a < LOWEST_PAGE_OFFSET) {
                return X86Addresses.user(a);
            }
            if (a >= HIGHEST_PAGE_OFFSET) {
                return new AddressInfo(AddressClass.KERNEL, "kernel address", null);
            }
            return new AddressInfo(AddressClass.SPLIT_DEPENDENT, "user-space or kernel address, by the kernel's "
                    + "user/kernel split (CONFIG_VMSPLIT_*)", null);
        });
    }
}
