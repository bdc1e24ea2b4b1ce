package org.koops.model;

/**
 * The code at the fault: the kernel's {@code Code:} bytes decoded, and what the faulting instruction
 * says about the pointer it used; and the interrupted user-space code, when the report prints it.
 *
 * @param disassembly the decoded {@code Code:} line
 * @param pointer     the faulting instruction's memory access tied to the registers, or {@code null}
 *                    when it has no memory operand or there is no faulting instruction
 * @param userSpace   the user-space {@code Code:} line after the trace ({@code RIP: 0033:}) decoded, the
 *                    instruction where the process resumes marked; {@code null} when there is none
 */
public record FaultingCode(Disassembly disassembly, PointerUse pointer, Disassembly userSpace) {
    /** The kernel's code alone. */
    public FaultingCode(Disassembly disassembly, PointerUse pointer) {
        this(disassembly, pointer, null);
    }
}
