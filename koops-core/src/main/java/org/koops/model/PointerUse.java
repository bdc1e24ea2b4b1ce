package org.koops.model;

/**
 * What the faulting instruction's memory operand says about the bad pointer, computed from the
 * report's registers and compared with the fault address.
 *
 * @param instruction      the faulting instruction's text
 * @param register         the base register as the dump names it ({@code RBX}, {@code x0}), or {@code null}
 * @param registerValue    its value, or {@code null} when the dump does not show it
 * @param offset           what the instruction adds to the base register (displacement plus scaled index)
 * @param effectiveAddress the address the instruction accessed, or {@code null} when a register is missing
 * @param faultAddress     the address the CPU reported (CR2, FAR), or {@code null} when it reports none
 * @param agrees           whether the computed address equals the reported one ({@code null} when either is unknown)
 * @param statement        the conclusion in one sentence
 */
public record PointerUse(String instruction, String register, Long registerValue, long offset, Long effectiveAddress,
                         Long faultAddress, Boolean agrees, String statement) {
}
