package org.koops.explain;

import java.util.Map;

import org.koops.model.Kind;

/**
 * What the instruction pointer of the report's register dump (RIP, EIP, pc, epc ...) is, by the kind of report:
 * the instruction that faulted, the trap a BUG() or WARN() planted, or only where a watchdog found the CPU.
 */
final class InstructionPointer {
    private static final String FAULTED = "The instruction that faulted";
    private static final String TRAP = "The instruction pointer at the trap: the BUG() or WARN() site, whose trap "
            + "instruction (ud2, brk) reported this";
    private static final String SAMPLED = "Where the CPU was when the watchdog interrupted it: a point inside the code "
            + "it was stuck in, not a faulting access";

    /** What the pointer is for each kind of report; kinds not listed take {@link #TAKEN}. */
    private static final Map<Kind, String> BY_KIND = Map.ofEntries(
            Map.entry(Kind.NULL_POINTER_DEREFERENCE, FAULTED), Map.entry(Kind.PAGING_REQUEST, FAULTED),
            Map.entry(Kind.GENERAL_PROTECTION_FAULT, FAULTED), Map.entry(Kind.OOPS, FAULTED),
            Map.entry(Kind.STACK_SEGMENT, FAULTED), Map.entry(Kind.DIVIDE_ERROR, FAULTED),
            Map.entry(Kind.DOUBLE_FAULT, FAULTED), Map.entry(Kind.STACK_GUARD, FAULTED),
            Map.entry(Kind.KERNEL_BUG, TRAP), Map.entry(Kind.INVALID_OPCODE, TRAP), Map.entry(Kind.WARNING, TRAP),
            Map.entry(Kind.REFCOUNT, TRAP), Map.entry(Kind.LIST_CORRUPTION, TRAP),
            Map.entry(Kind.SOFT_LOCKUP, SAMPLED), Map.entry(Kind.HARD_LOCKUP, SAMPLED), Map.entry(Kind.RCU_STALL, SAMPLED),
            Map.entry(Kind.HUNG_TASK, SAMPLED));
    private static final String TAKEN = "The instruction pointer when the report was taken";

    private InstructionPointer() {
    }

    /** The sentence's start, for a dump line of {@code report}. */
    static String meaning(ReportContext report) {
        return report.kind() == null ? TAKEN : BY_KIND.getOrDefault(report.kind(), TAKEN);
    }
}
