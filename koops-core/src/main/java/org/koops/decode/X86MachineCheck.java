package org.koops.decode;

import java.util.ArrayList;
import java.util.List;

import org.koops.model.Decoded;

/**
 * The x86 machine-check registers as the kernel prints them: the global status {@code MCG_STATUS}
 * and a bank's {@code MCi_STATUS} with its MCA error code. The layout is the architectural one both
 * vendors share (Intel SDM vol. 3B, 16.3.1.2 and 16.3.2.2, table 16-9 for the simple and 16-10 to 16-12
 * for the compound error codes; AMD APM vol. 2, 9.3); model-specific bits are left out.
 */
public final class X86MachineCheck {
    private static final List<Flag> GLOBAL = List.of(
            new Flag(0, "RIPV", "the interrupted program can resume at the saved instruction pointer"),
            new Flag(1, "EIPV", "the saved instruction pointer is where the error happened"),
            new Flag(2, "MCIP", "a machine check was in progress (a second one now would shut the machine down)"),
            new Flag(3, "LMCES", "delivered to this CPU only"));

    private static final List<Flag> BANK = List.of(
            new Flag(63, "VAL", "the bank holds a valid error"),
            new Flag(62, "OVER", "an earlier error was lost: it overflowed before it was read"),
            new Flag(61, "UC", "the error was not corrected"),
            new Flag(60, "EN", "signalling of this error was enabled"),
            new Flag(59, "MISCV", "MISC holds more about it"),
            new Flag(58, "ADDRV", "ADDR holds the address it concerns"),
            new Flag(57, "PCC", "the processor context is corrupt: execution cannot safely continue"));

    private static final String[] SIMPLE = {"no error", "unclassified error", "microcode ROM parity error",
        "external error (signalled by another agent)", "functional redundancy check error", "internal parity error"};
    private static final String[] REQUEST = {"generic", "read", "write", "data read", "data write", "instruction fetch",
        "prefetch", "eviction", "snoop"};
    private static final String[] MEMORY = {"generic", "read", "write", "address/command", "scrubbing"};
    private static final String[] TRANSACTION = {"instruction", "data", "generic"};
    private static final String[] LEVEL = {"level 0", "level 1", "level 2", "generic level"};
    private static final String[] PARTICIPATION = {"originated by this CPU", "answered by this CPU", "observed by this CPU",
        "generic participation"};
    private static final String[] SPACE = {"memory", "reserved", "I/O", "other"};

    private record Flag(int bit, String name, String meaning) {
    }

    private X86MachineCheck() {
    }

    /** The set bits of {@code MCG_STATUS}. */
    public static List<Decoded> globalStatus(long value) {
        return flags(value, GLOBAL);
    }

    /** The set architectural bits of a bank's {@code MCi_STATUS}, then its MCA error code. */
    public static List<Decoded> bankStatus(long value) {
        List<Decoded> out = flags(value, BANK);
        int code = (int) (value & 0xffff);
        out.add(new Decoded("MCA code", String.format("0x%04x", code), errorCode(code)));
        return out;
    }

    /** Whether a bank's status says the error was corrected. */
    public static boolean corrected(long value) {
        return (value & 1L << 61) == 0;
    }

    /** What an MCA error code says: the unit (cache, TLB, memory controller, bus) and the request. */
    public static String errorCode(int code) {
        // Bit 12 only says whether corrected errors of this kind are filtered.
        int c = code & 0xefff;
        if ((c & 0xf800) == 0x0800) {
            return "bus or interconnect error: " + REQUEST[Math.min((c >> 4) & 0xf, 8)] + " of " + SPACE[(c >> 2) & 3] + ", "
                    + PARTICIPATION[(c >> 9) & 3] + ((c & 0x100) != 0 ? ", timed out" : "");
        }
        if ((c & 0xff00) == 0x0100) {
            int request = (c >> 4) & 0xf;
            return "cache error: " + (request <= 8 ? REQUEST[request] : "unknown request") + " of " + TRANSACTION[Math.min((c >> 2) & 3, 2)]
                    + " in the " + LEVEL[c & 3] + " cache";
        }
        if ((c & 0xff80) == 0x0080) {
            int kind = (c >> 4) & 7;
            int channel = c & 0xf;
            return "memory controller error: " + (kind < MEMORY.length ? MEMORY[kind] : "unknown request")
                    + (channel == 0xf ? "" : ", channel " + channel) + " (the RAM or its controller)";
        }
        if ((c & 0xfff0) == 0x0010) {
            return "TLB error: " + TRANSACTION[Math.min((c >> 2) & 3, 2)] + " TLB, " + LEVEL[c & 3];
        }
        if ((c & 0xfc00) == 0x0400) {
            return c == 0x0400 ? "internal timer error (the CPU hung waiting)" : "internal error of the CPU";
        }
        return c < SIMPLE.length ? SIMPLE[c] : "model-specific error";
    }

    private static List<Decoded> flags(long value, List<Flag> flags) {
        List<Decoded> out = new ArrayList<>();
        for (Flag f : flags) {
            if ((value & 1L << f.bit()) != 0) {
                out.add(new Decoded(f.name(), "1", f.meaning()));
            }
        }
        return out;
    }
}
