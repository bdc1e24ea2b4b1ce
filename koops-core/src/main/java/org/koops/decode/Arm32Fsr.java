package org.koops.decode;

import java.util.ArrayList;
import java.util.List;

import org.koops.model.Decoded;

/**
 * The 32-bit arm fault status register, as the kernel prints it in {@code Internal error: Oops: 805 [#1]}
 * (the value {@code __do_kernel_fault()} passes to {@code die()}) and in {@code Unhandled fault: ... (0x1406)}.
 *
 * <p>Layout per the Arm ARM (ARMv7-A/R, B4.1.52 "DFSR" and B4.1.96 "IFSR"): in the short-descriptor
 * format FS is bits [10,3:0] and the domain bits [7:4]; with LPAE (the long-descriptor format, bit 9 set)
 * the status is bits [5:0]. WnR is bit 11, ExT bit 12, CM bit 13. Linux marks a prefetch abort's IFSR
 * with bit 31 ({@code FSR_LNX_PF}, arch/arm/mm/fault.h). The status names are the kernel's:
 * {@code fsr_info[]} and {@code ifsr_info[]} of arch/arm/mm/fsr-2level.c and fsr-3level.c, which
 * {@code Unhandled fault:} lines print.
 */
public final class Arm32Fsr {
    private static final int LNX_PF = 31;
    private static final int CM = 13;
    private static final int EXT = 12;
    private static final int WNR = 11;
    private static final int FS4 = 10;
    private static final int LPAE = 9;

    /** Short-descriptor data abort status, by FS (fsr-2level.c fsr_info[]). */
    private static final List<String> SHORT_DATA = List.of("vector exception", "alignment exception",
            "terminal exception", "alignment exception", "external abort on linefetch", "section translation fault",
            "external abort on linefetch", "page translation fault", "external abort on non-linefetch",
            "section domain fault", "external abort on non-linefetch", "page domain fault",
            "external abort on translation", "section permission fault", "external abort on translation",
            "page permission fault", "unknown 16", "unknown 17", "unknown 18", "unknown 19", "lock abort",
            "unknown 21", "imprecise external abort", "unknown 23", "dcache parity error", "unknown 25",
            "unknown 26", "unknown 27", "unknown 28", "unknown 29", "unknown 30", "unknown 31");
    /** Short-descriptor prefetch abort status, by FS (fsr-2level.c ifsr_info[]). */
    private static final List<String> SHORT_PREFETCH = List.of("unknown 0", "unknown 1", "debug event",
            "section access flag fault", "unknown 4", "section translation fault", "page access flag fault",
            "page translation fault", "external abort on non-linefetch", "section domain fault", "unknown 10",
            "page domain fault", "external abort on translation", "section permission fault",
            "external abort on translation", "page permission fault", "unknown 16", "unknown 17", "unknown 18",
            "unknown 19", "unknown 20", "unknown 21", "unknown 22", "unknown 23", "unknown 24", "unknown 25",
            "unknown 26", "unknown 27", "unknown 28", "unknown 29", "unknown 30", "unknown 31");
    /** Long-descriptor (LPAE) status (fsr-3level.c fsr_info[]); the kernel names the rest "unknown N". */
    private static final List<String> LONG = List.of("unknown 0", "unknown 1", "unknown 2", "unknown 3",
            "reserved translation fault", "level 1 translation fault", "level 2 translation fault",
            "level 3 translation fault", "reserved access flag fault", "level 1 access flag fault",
            "level 2 access flag fault", "level 3 access flag fault", "reserved permission fault",
            "level 1 permission fault", "level 2 permission fault", "level 3 permission fault",
            "synchronous external abort", "asynchronous external abort", "unknown 18", "unknown 19",
            "synchronous abort (translation table walk)", "synchronous abort (translation table walk)",
            "synchronous abort (translation table walk)", "synchronous abort (translation table walk)",
            "synchronous parity error", "asynchronous parity error", "unknown 26", "unknown 27",
            "synchronous parity error (translation table walk)", "synchronous parity error (translation table walk)",
            "synchronous parity error (translation table walk)", "synchronous parity error (translation table walk)",
            "unknown 32", "alignment fault", "debug event");

    private Arm32Fsr() {
    }

    /** Whether Linux marked it as a prefetch abort's (instruction fetch) status. */
    public static boolean isPrefetchAbort(long fsr) {
        return Bits.isSet(fsr, LNX_PF);
    }

    /** Whether it is in the long-descriptor (LPAE) format. */
    public static boolean isLongDescriptor(long fsr) {
        return Bits.isSet(fsr, LPAE);
    }

    /** The fault status code: FS in the short format, STATUS in the long one. */
    public static int status(long fsr) {
        return isLongDescriptor(fsr) ? (int) Bits.field(fsr, 0, 6) : (int) (Bits.field(fsr, 0, 4) | Bits.field(fsr, FS4, 1) << 4);
    }

    /** The kernel's name of the fault status, e.g. {@code page translation fault}. */
    public static String faultStatus(long fsr) {
        int fs = status(fsr);
        List<String> names = isLongDescriptor(fsr) ? LONG : isPrefetchAbort(fsr) ? SHORT_PREFETCH : SHORT_DATA;
        return fs < names.size() ? names.get(fs) : "unknown " + fs;
    }

    /** {@code instruction fetch}, {@code write} or {@code read}; a cache maintenance operation counts as a read. */
    public static String access(long fsr) {
        if (isPrefetchAbort(fsr)) {
            return "instruction fetch";
        }
        return Bits.isSet(fsr, WNR) && !Bits.isSet(fsr, CM) ? "write" : "read";
    }

    /** Every field, with what it means. */
    public static List<Decoded> decode(long fsr) {
        List<Decoded> out = new ArrayList<>();
        boolean longFormat = isLongDescriptor(fsr);
        out.add(new Decoded(longFormat ? "STATUS" : "FS", String.format("0x%02x", status(fsr)), faultStatus(fsr)));
        if (isPrefetchAbort(fsr)) {
            out.add(new Decoded("PF", "1", "prefetch abort: the CPU could not fetch the instruction at the pc "
                    + "(Linux marks the IFSR with bit 31)"));
        } else {
            out.add(new Decoded("WnR", Bits.isSet(fsr, WNR) ? "1" : "0", Bits.isSet(fsr, WNR)
                    ? "the abort was caused by a write" : "the abort was caused by a read"));
        }
        out.add(new Decoded("LPAE", longFormat ? "1" : "0", longFormat ? "long-descriptor format (LPAE page tables)"
                : "short-descriptor format"));
        if (!longFormat) {
            out.add(new Decoded("Domain", Long.toString(Bits.field(fsr, 4, 4)), "the memory domain of the access"));
        }
        if (Bits.isSet(fsr, EXT)) {
            out.add(new Decoded("ExT", "1", "external abort type: an implementation-defined classification of "
                    + "an external abort"));
        }
        if (Bits.isSet(fsr, CM)) {
            out.add(new Decoded("CM", "1", "the abort came from a cache maintenance operation"));
        }
        return out;
    }
}
