package org.koops.decode;

import org.koops.model.Arch;

/** What an address is, by the layout of an architecture: arm64's, the 32-bit split's, or else x86-64's. */
public final class ArchAddresses {
    private ArchAddresses() {
    }

    public static AddressInfo classify(Arch arch, long address) {
        return switch (arch) {
            case ARM64 -> Arm64Addresses.classify(address);
            case ARM, X86 -> Split32Addresses.classify(address);
            default -> X86Addresses.classify(address);
        };
    }
}
