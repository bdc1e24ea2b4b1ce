package org.koops.model;

import java.util.List;
import java.util.Optional;

/**
 * The registers printed together: the kernel's state at the fault, or the user-space state saved
 * on entry (the block after the call trace, with {@code RIP: 0033:}).
 *
 * @param userSpace whether these are the interrupted user-space registers
 * @param line      log line of the first register line
 */
public record RegisterDump(boolean userSpace, long line, List<Register> registers) {
    /**
     * The names the architectures give the instruction pointer: {@code RIP}, {@code EIP}, {@code pc} (arm,
     * arm64), {@code epc} (MIPS, RISC-V), {@code NIP} (powerpc), {@code PSW} (s390, its address part),
     * {@code ERA} (LoongArch).
     */
    private static final List<String> INSTRUCTION_POINTERS = List.of("RIP", "EIP", "pc", "epc", "NIP", "PSW", "ERA");

    /** The instruction pointer, whatever the architecture calls it, if the dump shows it. */
    public Optional<Register> instructionPointer() {
        return registers.stream().filter(r -> INSTRUCTION_POINTERS.contains(r.name())).findFirst();
    }

    public Optional<Register> find(String name) {
        return registers.stream().filter(r -> r.name().equalsIgnoreCase(name)).findFirst();
    }

    public Optional<Long> value(String name) {
        return find(name).map(Register::value);
    }
}
