package org.koops.explain;

import java.util.Optional;
import java.util.Set;

import org.koops.decode.AddressClass;
import org.koops.decode.AddressInfo;
import org.koops.decode.Arm64Addresses;
import org.koops.decode.X86Addresses;
import org.koops.model.Arch;

/** What an address is, by the layout of the report's architecture. */
final class Addresses {
    /** The readings that hold on every 64-bit architecture, so they are safe when the layout is unknown. */
    private static final Set<AddressClass> PORTABLE = Set.of(AddressClass.NULL_POINTER, AddressClass.ERR_PTR,
            AddressClass.POISON_POINTER, AddressClass.POISON_PATTERN);

    private Addresses() {
    }

    /** The description of an address, or empty when the architecture's layout is not known. */
    static Optional<AddressInfo> classify(long address, ReportContext report) {
        if (report.arch() == Arch.ARM64) {
            return Optional.of(Arm64Addresses.classify(address));
        }
        AddressInfo x86 = X86Addresses.classify(address, report.fiveLevelPaging());
        return report.arch() == Arch.X86_64 || PORTABLE.contains(x86.kind()) ? Optional.of(x86) : Optional.empty();
    }

    /** {@code 0x1 (NULL pointer + 0x1: ...)}, or just the hex when nothing is known. */
    static String describe(long address, ReportContext report) {
        return Hex.of(address) + classify(address, report).map(i -> " (" + i.description() + ")").orElse("");
    }

    /** The special readings only: NULL page, ERR_PTR, poison. */
    static Optional<AddressInfo> special(long value, ReportContext report) {
        return classify(value, report).filter(i -> PORTABLE.contains(i.kind()));
    }
}
