package org.koops.decode;

import java.util.ArrayList;
import java.util.List;
import org.koops.model.Decoded;

/**
 * The x86 EFLAGS/RFLAGS register as printed in a register dump ({@code EFLAGS: 00010246}).
 *
 * <p>Bits per Intel SDM Vol. 1 §3.4.3 (Figure 3-8) and {@code X86_EFLAGS_*} in
 * {@code arch/x86/include/uapi/asm/processor-flags.h}.
 */
public final class X86Eflags {
    private static final int IF = 9;
    private static final int IOPL_LSB = 12;
    /** Bit 1 always reads as 1; the manual reserves it. */
    private static final int FIXED = 1;

    private static final List<Flag> FLAGS = List.of(
            Flag.of(0, "CF", "carry: the last arithmetic operation carried out or borrowed"),
            Flag.of(2, "PF", "parity: the low byte of the last result has an even number of 1 bits"),
            Flag.of(4, "AF", "auxiliary carry out of bit 3 (BCD arithmetic)"),
            Flag.of(6, "ZF", "zero: the last result was zero, or a comparison found its operands equal"),
            Flag.of(7, "SF", "sign: the last result was negative"),
            Flag.of(8, "TF", "trap: single-stepping, each instruction raises a debug exception (debugger or ptrace)"),
            new Flag(IF, "IF", "interrupts were enabled",
                    "interrupts were disabled (IRQs off: inside spin_lock_irqsave(), local_irq_disable() "
                            + "or an interrupt handler)"),
            Flag.of(10, "DF", "direction: string instructions count downwards; the kernel ABI expects it clear"),
            Flag.of(11, "OF", "overflow: the last signed arithmetic overflowed"),
            Flag.of(14, "NT", "nested task (legacy hardware task switching); unexpected on Linux"),
            Flag.of(16, "RF", "resume: the CPU sets it in the flags it saves for a fault, so that restarting the "
                    + "instruction does not re-trigger an instruction breakpoint; normal in a fault's register dump"),
            Flag.of(17, "VM", "virtual-8086 mode (32-bit kernels only)"),
            Flag.of(18, "AC", "alignment check / access control: with SMAP the kernel is inside a user-access "
                    + "section (stac ... clac) and may touch user memory"),
            Flag.of(19, "VIF", "virtual interrupt flag"),
            Flag.of(20, "VIP", "virtual interrupt pending"),
            Flag.of(21, "ID", "CPUID-detection flag (toggled by software)"));

    private X86Eflags() {
    }

    /**
     * The set flags with their meaning, {@code IF=0} when interrupts were disabled, {@code IOPL} when
     * non-zero, and any set reserved bit.
     */
    public static List<Decoded> decode(long eflags) {
        List<Decoded> out = new ArrayList<>();
        long iopl = Bits.field(eflags, IOPL_LSB, 2);
        if (iopl != 0) {
            out.add(new Decoded("IOPL", Long.toString(iopl),
                    "I/O privilege level " + iopl + ": code at CPL <= " + iopl + " may use in/out (set by iopl())"));
        }
        long otherDefined = 1L << FIXED | 3L << IOPL_LSB;
        out.addAll(Flag.decode(eflags, FLAGS, otherDefined, "EFLAGS"));
        return out;
    }

    /** The mnemonics of the set flags in bit order, e.g. {@code [PF, ZF, IF]} for {@code 0x246}. */
    public static List<String> setFlags(long eflags) {
        return FLAGS.stream().filter(f -> Bits.isSet(eflags, f.bit())).map(Flag::name).toList();
    }

    /** Whether maskable interrupts were enabled (IF). */
    public static boolean interruptsEnabled(long eflags) {
        return Bits.isSet(eflags, IF);
    }
}
