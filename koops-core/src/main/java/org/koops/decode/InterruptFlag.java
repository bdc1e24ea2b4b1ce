package org.koops.decode;

import java.util.Optional;

import org.koops.model.RegisterDump;

/**
 * Whether interrupts were enabled when a register dump was taken, from the flags register it prints: x86
 * {@code EFLAGS} (IF, bit 9), arm64 {@code pstate} and arm32 {@code cpsr}/{@code psr} (the I mask, bit 7).
 */
public final class InterruptFlag {
    private static final int ARM_IRQ_MASK = 7;

    private InterruptFlag() {
    }

    /** {@code true} when interrupts were enabled, {@code false} when disabled, empty when the dump does not say. */
    public static Optional<Boolean> enabled(RegisterDump dump) {
        Optional<Long> eflags = dump.value("EFLAGS");
        if (eflags.isPresent()) {
            return Optional.of(X86Eflags.interruptsEnabled(eflags.get()));
        }
        return dump.value("pstate").or(() -> dump.value("cpsr")).or(() -> dump.value("psr"))
                .map(psr -> !Bits.isSet(psr, ARM_IRQ_MASK));
    }
}
