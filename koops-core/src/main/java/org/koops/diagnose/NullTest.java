package org.koops.diagnose;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.model.Arch;
import org.koops.model.Disassembly;
import org.koops.model.Instruction;

/**
 * Whether the decoded code tested the faulting instruction's base register against NULL on the straight path just
 * before it: {@code test rbx, rbx; je ...} on x86, {@code cbz x0, ...} on arm64. The faulting instruction then ran on
 * the branch taken when the register was not zero, so the pointer was not NULL whatever the fault address looks
 * like. Instructions are read backend-neutrally: the mnemonic and the operands with blanks removed.
 */
final class NullTest {
    /** How far back to look: a test, its branch and a few unrelated instructions. */
    private static final int REACH = 8;
    /** Branches taken on zero, so that falling through means "not zero". */
    private static final Set<String> X86_ON_ZERO = Set.of("je", "jz");
    private static final Set<String> X86_CALLER_SAVED = Set.of("ax", "cx", "dx", "si", "di", "8", "9", "10", "11");
    private static final Pattern X86_NUMBERED = Pattern.compile("^r(\\d{1,2})[dwb]?$");
    private static final Pattern X86_LEGACY = Pattern.compile("^[re]?(ax|bx|cx|dx|si|di|bp|sp)$");
    private static final Pattern X86_BYTE = Pattern.compile("^(?:([abcd])[lh]|(si|di|bp|sp)l)$");
    private static final Pattern ARM64_REGISTER = Pattern.compile("^[xw](\\d{1,2})$");

    /** The test, and the branch that skips the faulting instruction when the register is zero. */
    record Found(Instruction test, Instruction branch) {
        String text() {
            return test == branch ? test.text() : test.text() + "; " + branch.text();
        }
    }

    private NullTest() {
    }

    /** The NULL test of {@code base} (as the instruction names it) that the faulting instruction passed, if any. */
    static Optional<Found> before(Arch arch, Disassembly code, String base) {
        if (base == null || code.faulting() <= 0) {
            return Optional.empty();
        }
        String family = family(arch, base);
        if (family == null) {
            return Optional.empty();
        }
        List<Instruction> insns = code.instructions();
        Instruction branch = null;
        for (int i = code.faulting() - 1; i >= Math.max(0, code.faulting() - REACH); i--) {
            Instruction insn = insns.get(i);
            String mnemonic = insn.mnemonic().toLowerCase(Locale.ROOT);
            List<String> ops = operands(insn);
            if (arch == Arch.ARM64) {
                if (mnemonic.equals("cbz") && !ops.isEmpty() && family.equals(family(arch, ops.get(0)))) {
                    return branch == null ? Optional.of(new Found(insn, insn)) : Optional.empty();
                }
                if (mnemonic.startsWith("b") || writes(arch, ops, family)) {
                    return Optional.empty();
                }
            } else if (arch == Arch.X86_64 || arch == Arch.X86) {
                if (branch == null && X86_ON_ZERO.contains(mnemonic)) {
                    branch = insn;
                } else if (branch != null && isZeroTest(arch, mnemonic, ops, family)) {
                    return Optional.of(new Found(insn, branch));
                } else if (mnemonic.startsWith("j") || mnemonic.equals("call") && X86_CALLER_SAVED.contains(family)
                        || writes(arch, ops, family) || mnemonic.startsWith("ret")) {
                    return Optional.empty();
                }
            } else {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** {@code test r, r} or {@code cmp r, 0}. */
    private static boolean isZeroTest(Arch arch, String mnemonic, List<String> ops, String family) {
        if (ops.size() != 2 || !family.equals(family(arch, ops.get(0)))) {
            return false;
        }
        return mnemonic.equals("test") && family.equals(family(arch, ops.get(1)))
                || mnemonic.equals("cmp") && ops.get(1).matches("(?:0x)?0++|\\$0x0");
    }

    /** Whether the instruction's destination (its first operand) is the register. */
    private static boolean writes(Arch arch, List<String> ops, String family) {
        return !ops.isEmpty() && family.equals(family(arch, ops.get(0)));
    }

    private static List<String> operands(Instruction insn) {
        String ops = insn.operands().replace(" ", "").toLowerCase(Locale.ROOT);
        return ops.isEmpty() ? List.of() : List.of(ops.split(",(?![^\\[]*\\])"));
    }

    /** The register's family ({@code bx} for rbx, ebx and bl; {@code 3} for x3 and w3), or null for no register. */
    static String family(Arch arch, String register) {
        String r = register.toLowerCase(Locale.ROOT).replace("%", "");
        if (arch == Arch.ARM64) {
            Matcher m = ARM64_REGISTER.matcher(r);
            return m.matches() ? m.group(1) : null;
        }
        Matcher m = X86_NUMBERED.matcher(r);
        if (m.matches()) {
            return m.group(1);
        }
        m = X86_LEGACY.matcher(r);
        if (m.matches()) {
            return m.group(1);
        }
        m = X86_BYTE.matcher(r);
        if (m.matches()) {
            return m.group(1) != null ? m.group(1) + "x" : m.group(2);
        }
        return null;
    }
}
