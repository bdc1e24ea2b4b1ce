package org.koops.disasm;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.koops.debuginfo.AccessNamer;
import org.koops.debuginfo.DebugInfoException;
import org.koops.debuginfo.MemberAccess;
import org.koops.model.Arch;
import org.koops.model.FaultingCode;
import org.koops.model.Instruction;
import org.koops.model.MemoryOperand;

/**
 * Names what the faulting instruction of a report accessed ({@code item->value}) from the debug
 * info of its vmlinux or module: the variable in the instruction's base register at the faulting
 * pc and the member at its offset. When no variable is in that register, and an earlier
 * instruction of the {@code Code:} bytes loaded it from memory ({@code mov rax, [rbx]}; {@code ldr
 * x0, [x1, #8]}) with nothing in between writing it or leaving the straight line, the access is
 * named through what was loaded ({@code s->ops->version}).
 */
public final class FaultingAccess {
    /** Instructions after which a register's value is not known from the instructions before them. */
    private static final Set<String> BARRIERS = Set.of("call", "ret", "jmp", "xchg", "cmpxchg", "cmpxchg8b", "cmpxchg16b",
            "xadd", "mul", "imul", "div", "idiv", "cqo", "cdq", "cwd", "cdqe", "cwde", "syscall", "int3", "ud2", "leave",
            "cpuid", "rdmsr", "rdtsc", "rdtscp", "b", "bl", "blr", "br", "cbz", "cbnz", "tbz", "tbnz", "eret", "svc", "brk");
    /** Instructions whose first operand is read, not written. */
    private static final Set<String> READERS = Set.of("cmp", "test", "push", "bt", "cmn", "tst", "str", "strb", "strh",
            "stur", "sturb", "sturh", "stp", "stlr", "stlrb", "stlrh", "prfm");

    private FaultingAccess() {
    }

    /**
     * What the faulting instruction accessed, named through {@code namer} (the debug info of the
     * file holding {@code function}), or {@code null} when the report's code has no memory access
     * tied to a register.
     *
     * @param offset the faulting instruction's offset into {@code function}
     */
    public static MemberAccess name(AccessNamer namer, Arch arch, String function, long offset, FaultingCode code)
            throws DebugInfoException {
        if (code == null || code.pointer() == null) {
            return null;
        }
        Instruction faulting = code.disassembly().faultingInstruction().orElse(null);
        if (faulting == null || faulting.memory() == null || faulting.memory().base() == null) {
            return null;
        }
        String base = faulting.memory().base();
        long displacement = code.pointer().offset();
        MemberAccess direct = namer.name(function, offset, arch, base, displacement);
        if (direct.known()) {
            return direct;
        }
        Instruction load = loadOf(arch, code.disassembly().instructions(), code.disassembly().faulting(), base);
        if (load == null) {
            return direct;
        }
        long loadOffset = offset - (faulting.offset() - load.offset());
        MemberAccess through = namer.nameLoaded(function, loadOffset, arch, load.memory().base(),
                load.memory().displacement(), displacement, load.text());
        return through.known() ? through : direct;
    }

    /**
     * The instruction before {@code faulting} that last wrote {@code register}, when it loaded the
     * whole register from memory through a base register alone and nothing after it may have
     * changed the register or left the straight line; else {@code null}.
     */
    static Instruction loadOf(Arch arch, List<Instruction> instructions, int faulting, String register) {
        int number = AccessNamer.dwarfRegister(arch, register);
        if (number < 0) {
            return null;
        }
        for (int i = faulting - 1; i >= 0; i--) {
            Instruction in = instructions.get(i);
            String mnemonic = in.mnemonic().toLowerCase(Locale.ROOT);
            if (BARRIERS.contains(mnemonic) || mnemonic.startsWith("j") && arch == Arch.X86_64
                    || mnemonic.startsWith("b.") || mnemonic.startsWith("rep") || mnemonic.startsWith("ldp")
                    || mnemonic.startsWith("ldnp") || mnemonic.startsWith("ldxp") || mnemonic.startsWith("ldaxp")
                    || mnemonic.startsWith("cas")) {
                return null;
            }
            MemoryOperand m = in.memory();
            if (m != null && register.equals(m.base()) && (m.postIndexed() || in.operands().contains("]!"))) {
                return null;
            }
            String first = in.operands().split(",", 2)[0].strip();
            if (READERS.contains(mnemonic) || AccessNamer.dwarfRegister(arch, first) != number) {
                continue;
            }
            boolean whole = first.equalsIgnoreCase(register) && (arch == Arch.X86_64 ? first.startsWith("r") : first.startsWith("x"));
            boolean loads = arch == Arch.X86_64 ? mnemonic.equals("mov") : mnemonic.equals("ldr") || mnemonic.equals("ldur");
            boolean plain = m != null && m.base() != null && m.index() == null && m.segment() == null && !m.postIndexed()
                    && !m.base().equals("rip") && !in.operands().contains("]!");
            return whole && loads && plain ? in : null;
        }
        return null;
    }
}
