package org.koops.decode;

import java.util.ArrayList;
import java.util.List;

import org.koops.model.Decoded;

/**
 * powerpc's data storage interrupt status register, printed as {@code DSISR: 40000000} beside {@code DAR:}
 * after a data access fault (trap 0x300). Bits as in the Power ISA (Book III, "Data Storage Interrupt"),
 * numbered from the most significant: 1 no translation, 4 protection, 6 store, 10 segment table / SLB miss.
 */
public final class PowerpcDsisr {
    private static final long NO_TRANSLATION = 0x4000_0000L;
    private static final long PROTECTION = 0x0800_0000L;
    private static final long STORE = 0x0200_0000L;
    private static final long KEY_FAULT = 0x0020_0000L;

    private PowerpcDsisr() {
    }

    /** {@code write} or {@code read}. */
    public static String access(long dsisr) {
        return (dsisr & STORE) != 0 ? "write" : "read";
    }

    /** Why the access faulted, or {@code null} when no bit says. */
    public static String reason(long dsisr) {
        if ((dsisr & NO_TRANSLATION) != 0) {
            return "no translation: the page is not mapped";
        }
        if ((dsisr & PROTECTION) != 0) {
            return "protection fault: the page does not allow the access";
        }
        return (dsisr & KEY_FAULT) != 0 ? "storage key fault" : null;
    }

    public static List<Decoded> decode(long dsisr) {
        List<Decoded> out = new ArrayList<>();
        out.add(new Decoded("store", (dsisr & STORE) != 0 ? "1" : "0", "the access was a " + access(dsisr)));
        String why = reason(dsisr);
        if (why != null) {
            out.add(new Decoded("status", String.format("0x%08x", dsisr & (NO_TRANSLATION | PROTECTION | KEY_FAULT)), why));
        }
        return out;
    }
}
