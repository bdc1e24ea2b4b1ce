package org.koops.model;

/**
 * One decoded instruction of a {@code Code:} line or a function.
 *
 * @param offset   byte offset from the first printed code byte (negative before it, for a function listing)
 * @param address  its address when the faulting instruction's address is known, else {@code null}
 * @param hex      its bytes as printed by objdump ({@code 8b 33}, or {@code f9406400} for arm64 words)
 * @param mnemonic the mnemonic in lower case ({@code mov}, {@code ldr})
 * @param operands the operands in Intel syntax for x86, the architecture's own syntax otherwise
 * @param memory   its memory operand, or {@code null} when it has none
 */
public record Instruction(int offset, Long address, String hex, String mnemonic, String operands, MemoryOperand memory) {
    /** The instruction as a disassembler prints it, e.g. {@code mov esi, dword ptr [rbx]}. */
    public String text() {
        return operands.isEmpty() ? mnemonic : mnemonic + " " + operands;
    }

    /** Its length in bytes. */
    public int length() {
        return hex.replace(" ", "").length() / 2;
    }
}
