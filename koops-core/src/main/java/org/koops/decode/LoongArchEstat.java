package org.koops.decode;

import java.util.List;
import java.util.Optional;

import org.koops.model.Decoded;

/**
 * LoongArch's exception status CSR, printed as {@code ESTAT: 00010000 [PIL] (IS= ECode=1 EsubCode=0)}:
 * Ecode in bits [21:16] (LoongArch Reference Manual, volume 1, 7.4.6 "ESTAT", table of exception codes;
 * the mnemonics are those of {@code humanize_exc_name()} in arch/loongarch/kernel/traps.c). With a page
 * fault {@code BADV} holds the faulting address.
 */
public final class LoongArchEstat {
    /** Ecode 0 to 9: mnemonic, meaning, and the access it stands for ({@code null}: none). */
    private record Code(String mnemonic, String meaning, String access) {
    }

    private static final List<Code> CODES = List.of(
            new Code("INT", "interrupt", null),
            new Code("PIL", "page invalid for a load", "read"),
            new Code("PIS", "page invalid for a store", "write"),
            new Code("PIF", "page invalid for an instruction fetch", "instruction fetch"),
            new Code("PME", "page modification exception: a store to a clean or read-only page", "write"),
            new Code("PNR", "page not readable", "read"),
            new Code("PNX", "page not executable", "instruction fetch"),
            new Code("PPI", "page privilege level illegal", null),
            new Code("ADE", "address error", null),
            new Code("ALE", "unaligned access", null));

    private LoongArchEstat() {
    }

    public static int ecode(long estat) {
        return (int) Bits.field(estat, 16, 6);
    }

    /** The Ecode mnemonic and meaning, e.g. {@code PIL: page invalid for a load}. */
    public static String name(long estat) {
        int code = ecode(estat);
        return code < CODES.size() ? CODES.get(code).mnemonic() + ": " + CODES.get(code).meaning() : "Ecode " + code;
    }

    public static Optional<String> access(long estat) {
        int code = ecode(estat);
        return code < CODES.size() ? Optional.ofNullable(CODES.get(code).access()) : Optional.empty();
    }

    public static List<Decoded> decode(long estat) {
        return List.of(new Decoded("Ecode", Integer.toString(ecode(estat)), name(estat)),
                new Decoded("EsubCode", Long.toString(Bits.field(estat, 22, 9)), "the exception's sub-code"));
    }
}
