package org.koops.model;

/**
 * The code at the fault: the kernel's {@code Code:} bytes decoded, and what the faulting instruction
 * says about the pointer it used.
 *
 * @param disassembly the decoded {@code Code:} line
 * @param pointer     the faulting instruction's memory access tied to the registers, or {@code null}
 *                    when it has no memory operand or there is no faulting instruction
 */
public record FaultingCode(Disassembly disassembly, PointerUse pointer) {
}
