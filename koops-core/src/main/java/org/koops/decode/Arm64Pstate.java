package org.koops.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.koops.model.Decoded;

/**
 * The arm64 PSTATE (SPSR) of a register dump:
 * {@code pstate: 20400009 (nzCv daif +PAN -UAO -TCO -DIT -SSBS BTYPE=--)}.
 *
 * <p>Bits per Arm ARM C5.2.19 "SPSR_EL1" (AArch64 and AArch32 views) and {@code PSR_*} in
 * {@code arch/arm64/include/uapi/asm/ptrace.h}; the printed form is {@code print_pstate()} in
 * {@code arch/arm64/kernel/process.c}.
 */
public final class Arm64Pstate {
    /** M[4]: set when the interrupted context was AArch32 (a compat task). */
    private static final int MODE32 = 4;
    private static final int BTYPE_LSB = 10;
    private static final Pattern PRINTED_VALUE = Pattern.compile("(?:pstate:\\s*)?\\b([0-9a-fA-F]{8,16})\\b");

    private static final List<Flag> AARCH64 = List.of(
            Flag.of(31, "N", "negative: the last flag-setting result was negative"),
            Flag.of(30, "Z", "zero: the last flag-setting result was zero"),
            Flag.of(29, "C", "carry: the last flag-setting operation carried (or did not borrow)"),
            Flag.of(28, "V", "overflow: the last signed operation overflowed"),
            Flag.of(25, "TCO", "tag check override: MTE tag checks suppressed"),
            Flag.of(24, "DIT", "data-independent timing"),
            Flag.of(23, "UAO", "user access override: unprivileged loads/stores act as privileged ones"),
            Flag.of(22, "PAN", "privileged access never: the kernel cannot touch user memory outside uaccess "
                    + "routines"),
            Flag.of(21, "SS", "software step pending (a debugger is single-stepping)"),
            Flag.of(20, "IL", "illegal execution state"),
            Flag.of(13, "ALLINT", "all interrupts masked, including NMIs"),
            Flag.of(12, "SSBS", "speculative store bypass allowed"),
            Flag.of(9, "D", "debug exceptions masked"),
            Flag.of(8, "A", "SError interrupts masked"),
            Flag.of(7, "I", "IRQs masked: interrupts were disabled"),
            Flag.of(6, "F", "FIQs masked"));

    private static final List<Flag> AARCH32 = List.of(
            Flag.of(31, "N", "negative"),
            Flag.of(30, "Z", "zero"),
            Flag.of(29, "C", "carry"),
            Flag.of(28, "V", "overflow"),
            Flag.of(27, "Q", "saturation (cumulative)"),
            Flag.of(9, "E", "big-endian data accesses"),
            Flag.of(8, "A", "SError interrupts masked"),
            Flag.of(7, "I", "IRQs masked: interrupts were disabled"),
            Flag.of(6, "F", "FIQs masked"),
            Flag.of(5, "T", "Thumb (T32) instruction set"));

    /** M[4:0]: exception level and stack pointer, or the AArch32 mode. */
    private record Mode(int value, String name, String meaning) {
    }

    private static final List<Mode> MODES = List.of(
            new Mode(0x00, "EL0t", "user space (EL0)"),
            new Mode(0x04, "EL1t", "kernel (EL1) on SP_EL0"),
            new Mode(0x05, "EL1h", "kernel (EL1) on its own stack pointer SP_EL1"),
            new Mode(0x08, "EL2t", "hypervisor level (EL2) on SP_EL0"),
            new Mode(0x09, "EL2h", "hypervisor level (EL2) on SP_EL2: a VHE kernel runs here, so this is the "
                    + "kernel"),
            new Mode(0x0c, "EL3t", "secure monitor (EL3) on SP_EL0"),
            new Mode(0x0d, "EL3h", "secure monitor (EL3) on SP_EL3"),
            new Mode(0x10, "usr", "AArch32 user mode: a compat task"),
            new Mode(0x11, "fiq", "AArch32 FIQ mode"),
            new Mode(0x12, "irq", "AArch32 IRQ mode"),
            new Mode(0x13, "svc", "AArch32 supervisor mode"),
            new Mode(0x16, "mon", "AArch32 monitor mode"),
            new Mode(0x17, "abt", "AArch32 abort mode"),
            new Mode(0x1a, "hyp", "AArch32 hypervisor mode"),
            new Mode(0x1b, "und", "AArch32 undefined mode"),
            new Mode(0x1f, "sys", "AArch32 system mode"));

    /** BTYPE values as {@code print_pstate()} spells them. */
    private static final List<String> BTYPES = List.of("--", "jc", "-c", "j-");
    private static final List<String> BTYPE_MEANINGS = List.of(
            "no branch-target constraint on the next instruction",
            "the next instruction must be a BTI j/jc/c or PACIxSP (reached by an indirect jump or call)",
            "the next instruction must be a BTI c/jc or PACIxSP (reached by an indirect call)",
            "the next instruction must be a BTI j/jc (reached by an indirect jump)");

    private Arm64Pstate() {
    }

    /** The mode, e.g. {@code EL1h}, {@code EL2h} or {@code usr}; {@code M=0x..} for an unallocated value. */
    public static String exceptionLevel(long pstate) {
        return mode(pstate).name();
    }

    /** Whether the interrupted context was AArch32 (a 32-bit compat task). */
    public static boolean isAArch32(long pstate) {
        return Bits.isSet(pstate, MODE32);
    }

    /**
     * The mode first, then the set flags and masks (N Z C V, D A I F, PAN, UAO, TCO, DIT, SSBS ...),
     * then BTYPE when non-zero; for an AArch32 context its own view (Q, E, T).
     */
    public static List<Decoded> decode(long pstate) {
        List<Decoded> out = new ArrayList<>();
        Mode mode = mode(pstate);
        out.add(new Decoded("M", mode.name(), mode.meaning()));
        if (isAArch32(pstate)) {
            // The IT and GE fields of the AArch32 view are left out: they say nothing about a crash.
            out.addAll(Flag.decode(pstate, AARCH32, ~0L, "PSTATE"));
            return out;
        }
        long otherDefined = 0x1fL | 3L << BTYPE_LSB;
        out.addAll(Flag.decode(pstate, AARCH64, otherDefined, "PSTATE"));
        int btype = (int) Bits.field(pstate, BTYPE_LSB, 2);
        if (btype != 0) {
            out.add(new Decoded("BTYPE", BTYPES.get(btype), BTYPE_MEANINGS.get(btype)));
        }
        return out;
    }

    /**
     * Decodes the printed form, {@code 20400009 (nzCv daif +PAN -UAO -TCO -DIT -SSBS BTYPE=--)}, with or
     * without the {@code pstate:} label, from its hex value (the letters in parentheses restate it).
     */
    public static List<Decoded> decodePrinted(String printed) {
        return parsePrinted(printed).map(Arm64Pstate::decode).orElse(List.of());
    }

    /** The hex value of the printed form. */
    public static Optional<Long> parsePrinted(String printed) {
        Matcher m = PRINTED_VALUE.matcher(printed);
        return m.find() ? Optional.of(Long.parseUnsignedLong(m.group(1), 16)) : Optional.empty();
    }

    private static Mode mode(long pstate) {
        int m = (int) Bits.field(pstate, 0, 5);
        return MODES.stream().filter(x -> x.value() == m).findFirst()
                .orElse(new Mode(m, "M=" + Bits.hex(m), "unallocated mode value: probably not a PSTATE"));
    }
}
