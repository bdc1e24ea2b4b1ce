package org.koops.decode;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.koops.model.Decoded;

/**
 * The x86 page-fault ({@code #PF}) error code and the two {@code #PF:} lines the kernel prints for it.
 *
 * <p>Bits per Intel SDM Vol. 3A §4.7 "Page-Fault Exceptions" (Figure 4-12) and AMD APM Vol. 2 §8.4.2
 * (bit 31, RMP); the kernel's names are {@code X86_PF_*} in {@code arch/x86/include/asm/trap_pf.h}.
 * The words of {@link #access}, {@link #reason} and the line parsers follow {@code show_fault_oops()}
 * in {@code arch/x86/mm/fault.c}.
 */
public final class X86PageFaultErrorCode {
    private static final int P = 0;
    private static final int WR = 1;
    private static final int US = 2;
    private static final int RSVD = 3;
    private static final int ID = 4;
    private static final int PK = 5;
    private static final int RMP = 31;

    /** P, W/R and U/S mean something either way, so they are always listed. */
    private static final List<Flag> BITS = List.of(
            new Flag(P, "P", "protection violation: the page is present but the access is not allowed",
                    "the page is not present: no valid mapping for the address"),
            new Flag(WR, "W/R", "the access was a write", "the access was a read"),
            new Flag(US, "U/S", "the access came from user mode (CPL 3)",
                    "the access came from supervisor (kernel) mode"),
            Flag.of(RSVD, "RSVD", "a reserved bit was set in a paging-structure entry: the page tables are corrupt"),
            Flag.of(ID, "I/D", "the access was an instruction fetch"),
            Flag.of(PK, "PK", "a protection key (PKRU/PKRS) forbade the access"),
            Flag.of(6, "SS", "the access was a shadow-stack access (CET)"),
            Flag.of(7, "HLAT", "the fault happened during HLAT paging"),
            Flag.of(15, "SGX", "an SGX-specific access-control violation (EPCM), not an ordinary paging fault"),
            Flag.of(RMP, "RMP", "an AMD SEV-SNP reverse-map table (RMP) check failed"));

    /**
     * The error-code reasons of {@code show_fault_oops()}, first match wins; the P bit, when clear,
     * takes precedence over all of them.
     */
    private record Reason(int bit, String text) {
    }

    private static final List<Reason> REASONS = List.of(
            new Reason(RSVD, "reserved bit violation"),
            new Reason(PK, "protection keys violation"),
            new Reason(RMP, "RMP violation"));

    /** Tokens of the Linux 4.20-5.0 form {@code #PF error: [PROT] [WRITE]}. */
    private record Token(String text, int bit) {
    }

    private static final List<Token> OLD_TOKENS = List.of(
            new Token("[PROT]", P), new Token("[WRITE]", WR), new Token("[USER]", US),
            new Token("[RSVD]", RSVD), new Token("[INSTR]", ID), new Token("[PK]", PK));

    private static final Pattern ACCESS_LINE = Pattern.compile(
            "#PF: (supervisor|user) (read access|write access|instruction fetch) in (kernel|user) mode");
    private static final Pattern ERROR_CODE_LINE = Pattern.compile("#PF: error_code\\(0x([0-9a-fA-F]{1,16}+)\\) - (.+?)\\s*$");
    private static final Pattern OLD_ERROR_LINE = Pattern.compile("#PF error: (.+?)\\s*$");

    /**
     * The first {@code #PF:} line: {@code #PF: supervisor read access in kernel mode}.
     *
     * @param privilege {@code supervisor} or {@code user}: the U/S bit of the error code
     * @param access    {@code read}, {@code write} or {@code instruction fetch}
     * @param mode      {@code kernel} or {@code user}: the mode the CPU was in (from the saved CS), which
     *                  differs from {@code privilege} for implicit supervisor accesses made on behalf of
     *                  user code (GDT, LDT, IDT, TSS)
     */
    public record AccessLine(String privilege, String access, String mode) {
    }

    /**
     * The second {@code #PF:} line: {@code #PF: error_code(0x0000) - not-present page}.
     *
     * @param errorCode the error code
     * @param reason    the kernel's reason as printed
     */
    public record ErrorCodeLine(long errorCode, String reason) {
    }

    private X86PageFaultErrorCode() {
    }

    /**
     * Every meaningful bit: P, W/R and U/S always (both of their values mean something), the other
     * bits only when set, and any set bit that no manual defines.
     */
    public static List<Decoded> decode(long errorCode) {
        return Flag.decode(errorCode, BITS, 0, "page-fault error code");
    }

    /** {@code read}, {@code write} or {@code instruction fetch}; an instruction fetch is never a write. */
    public static String access(long errorCode) {
        if (Bits.isSet(errorCode, ID)) {
            return "instruction fetch";
        }
        return Bits.isSet(errorCode, WR) ? "write" : "read";
    }

    /** {@code kernel} or {@code user}: the privilege of the access (U/S bit). */
    public static String mode(long errorCode) {
        return Bits.isSet(errorCode, US) ? "user" : "kernel";
    }

    /**
     * Why the access faulted, in the kernel's words: {@code not-present page}, {@code reserved bit
     * violation}, {@code protection keys violation}, {@code RMP violation} or {@code permissions violation}.
     */
    public static String reason(long errorCode) {
        if (!Bits.isSet(errorCode, P)) {
            return "not-present page";
        }
        return REASONS.stream().filter(r -> Bits.isSet(errorCode, r.bit())).map(Reason::text).findFirst()
                .orElse("permissions violation");
    }

    /** Reads {@code #PF: supervisor read access in kernel mode} anywhere in {@code line}. */
    public static Optional<AccessLine> parseAccessLine(String line) {
        Matcher m = ACCESS_LINE.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new AccessLine(m.group(1), m.group(2).replace(" access", ""), m.group(3)));
    }

    /**
     * Reads {@code #PF: error_code(0x0002) - not-present page} anywhere in {@code line}, or the
     * Linux 4.20-5.0 form {@code #PF error: [PROT] [WRITE]} / {@code #PF error: [normal kernel read fault]},
     * whose code is rebuilt from the tokens.
     */
    public static Optional<ErrorCodeLine> parseErrorCodeLine(String line) {
        Matcher m = ERROR_CODE_LINE.matcher(line);
        if (m.find()) {
            return Optional.of(new ErrorCodeLine(Long.parseUnsignedLong(m.group(1), 16), m.group(2)));
        }
        Matcher old = OLD_ERROR_LINE.matcher(line);
        if (!old.find()) {
            return Optional.empty();
        }
        long code = 0;
        for (Token t : OLD_TOKENS) {
            if (old.group(1).contains(t.text())) {
                code |= 1L << t.bit();
            }
        }
        if (code == 0 && !old.group(1).contains("normal kernel read fault")) {
            return Optional.empty();
        }
        return Optional.of(new ErrorCodeLine(code, reason(code)));
    }
}
