package org.koops.decode;

import java.util.List;
import java.util.Optional;

import org.koops.model.Decoded;

/**
 * MIPS's CP0 Cause register, printed as {@code Cause : 50800008 (ExcCode 02)}: ExcCode in bits [6:2],
 * BD (the exception hit a branch delay slot) in bit 31 (MIPS32 PRA, "Cause Register", table "Cause
 * Register ExcCode Field"). With a TLB or address error {@code BadVA} holds the faulting address.
 */
public final class MipsCause {
    /** The ExcCode mnemonic, what it means, and the access it stands for ({@code null}: none or either). */
    private record Code(String mnemonic, String meaning, String access) {
    }

    private static final List<Code> CODES = List.of(
            new Code("Int", "interrupt", null),
            new Code("Mod", "TLB modified: a store to a page mapped read-only", "write"),
            new Code("TLBL", "TLB miss or invalid entry on a load or instruction fetch", null),
            new Code("TLBS", "TLB miss or invalid entry on a store", "write"),
            new Code("AdEL", "address error on a load or instruction fetch (unaligned, or a kernel address from user mode)", null),
            new Code("AdES", "address error on a store", "write"),
            new Code("IBE", "bus error on an instruction fetch", "instruction fetch"),
            new Code("DBE", "bus error on a load or store", null),
            new Code("Sys", "system call", null),
            new Code("Bp", "breakpoint (BUG() or WARN())", null),
            new Code("RI", "reserved instruction", null),
            new Code("CpU", "coprocessor unusable", null),
            new Code("Ov", "arithmetic overflow", null),
            new Code("Tr", "trap instruction", null),
            new Code("MSAFPE", "MSA floating-point exception", null),
            new Code("FPE", "floating-point exception", null));

    private MipsCause() {
    }

    public static int excCode(long cause) {
        return (int) Bits.field(cause, 2, 5);
    }

    /** The ExcCode mnemonic and meaning, e.g. {@code TLBL: TLB miss ...}. */
    public static String name(long cause) {
        int code = excCode(cause);
        return code < CODES.size() ? CODES.get(code).mnemonic() + ": " + CODES.get(code).meaning() : "ExcCode " + code;
    }

    /**
     * The access of a memory fault, when the code tells it; a load and an instruction fetch at the
     * exception pc share their codes, so {@code epcIsFaultAddress} tells them apart.
     */
    public static Optional<String> access(long cause, boolean epcIsFaultAddress) {
        int code = excCode(cause);
        if (code == 2 || code == 4) {
            return Optional.of(epcIsFaultAddress ? "instruction fetch" : "read");
        }
        return code < CODES.size() ? Optional.ofNullable(CODES.get(code).access()) : Optional.empty();
    }

    public static List<Decoded> decode(long cause) {
        return List.of(new Decoded("ExcCode", String.format("%02d", excCode(cause)), name(cause)),
                new Decoded("BD", Bits.isSet(cause, 31) ? "1" : "0", Bits.isSet(cause, 31)
                        ? "the faulting instruction is in a branch delay slot: epc is the branch before it"
                        : "not in a branch delay slot"));
    }
}
