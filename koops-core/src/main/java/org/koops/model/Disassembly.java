package org.koops.model;

import java.util.List;

/**
 * A {@code Code:} line decoded into instructions, the faulting one marked.
 *
 * @param arch         the instruction set it was decoded as
 * @param backend      what decoded it ({@code capstone 4.0}, {@code objdump 2.40}), or {@code null} when nothing could
 * @param instructions the instructions in address order
 * @param faulting     index in {@code instructions} of the faulting instruction, or -1
 * @param skipped      leading bytes left out because decoding from them would not land on the faulting
 *                     instruction (the line starts inside an instruction)
 * @param problem      why there is no disassembly or why it is incomplete, or {@code null}
 * @param line         log line number of the {@code Code:} line
 */
public record Disassembly(Arch arch, String backend, List<Instruction> instructions, int faulting, int skipped,
                          String problem, long line) {
    public java.util.Optional<Instruction> faultingInstruction() {
        return faulting < 0 || faulting >= instructions.size() ? java.util.Optional.empty()
                : java.util.Optional.of(instructions.get(faulting));
    }

    /** A disassembly that could not be made, with the reason. */
    public static Disassembly unavailable(Arch arch, String problem, long line) {
        return new Disassembly(arch, null, List.of(), -1, 0, problem, line);
    }
}
