package org.koops.model;

/**
 * The memory operand of an instruction, as {@code segment:[base + index * scale + displacement]}.
 *
 * @param base         the base register as the instruction names it ({@code rbx}, {@code eax}, {@code x0}), or {@code null}
 * @param index        the index register, or {@code null}
 * @param scale        the index's multiplier (1 when there is no index)
 * @param displacement the constant offset, signed
 * @param segment      an x86 segment override ({@code gs}), or {@code null}
 * @param postIndexed  an arm64 post-indexed access ({@code [x0], #8}): the access is at the base alone
 */
public record MemoryOperand(String base, String index, int scale, long displacement, String segment,
                            boolean postIndexed) {
}
