package org.koops.disasm;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.model.Arch;
import org.koops.model.MemoryOperand;

/**
 * Reads the memory operand of an instruction from its text, as Capstone and objdump print it:
 * x86 Intel {@code DWORD PTR gs:[rbx+rax*8-0x10]} or {@code qword ptr [rbx + rax*8 - 0x10]}, arm and
 * arm64 {@code [x0, #200]}, {@code [x1, x2, lsl #3]}, {@code [x0], #8}, riscv {@code 8(a1)}.
 */
final class OperandParser {
    private static final Pattern X86_BRACKETS = Pattern.compile("(?:\\b([cdefgs]s):)?\\[([^\\]]*)\\]");
    private static final Pattern X86_ABSOLUTE = Pattern.compile("\\b([cdefgs]s):(0x[0-9a-f]+)\\b");
    private static final Pattern X86_TERM = Pattern.compile("([+-]?)\\s*([a-z][a-z0-9]*|0x[0-9a-f]+|\\d+)(?:\\s*\\*\\s*(\\d))?");
    /** Instructions whose memory operand is not accessed: address arithmetic, hints. */
    private static final Set<String> NO_ACCESS = Set.of("lea", "nop", "nopw", "nopl", "prefetch", "prefetcht0",
            "prefetcht1", "prefetcht2", "prefetchnta", "prefetchw", "prfm", "prfum", "bnd", "clflush");
    /** Prefixes objdump prints as words before the mnemonic ({@code cs nop WORD PTR [rax+rax*1+0x0]}). */
    private static final Pattern PREFIX = Pattern.compile("data16|addr32|[c-gs]s|rex(?:\\.\\w+)?|notrack|bnd|lock|rep[nez]*");
    private static final Pattern ARM_BRACKETS = Pattern.compile("\\[([^\\]]*)\\](!?)(\\s*,\\s*#?(-?(?:0x[0-9a-f]+|\\d+)))?");
    private static final Pattern ARM_SHIFT = Pattern.compile("(?:lsl|uxtw|sxtw|sxtx|uxtx)\\s*(?:#(\\d+))?");
    private static final Pattern RISCV = Pattern.compile("(-?(?:0x[0-9a-f]+|\\d+))\\((\\w+)\\)");

    private OperandParser() {
    }

    /** The memory operand of {@code mnemonic operands}, or {@code null} when it accesses none. */
    static MemoryOperand parse(Arch arch, String mnemonic, String operands) {
        String m = mnemonic.toLowerCase(Locale.ROOT);
        String ops = operands.toLowerCase(Locale.ROOT);
        while (PREFIX.matcher(m).matches() && !ops.isEmpty()) {
            String[] words = ops.split("\\s+", 2);
            m = words[0];
            ops = words.length > 1 ? words[1] : "";
        }
        if (NO_ACCESS.contains(m) || m.startsWith("prefetch")) {
            return null;
        }
        return switch (arch) {
            case X86_64, X86 -> x86(ops);
            case ARM64, ARM -> arm(ops);
            case RISCV64 -> riscv(ops);
            default -> null;
        };
    }

    private static MemoryOperand x86(String ops) {
        Matcher b = X86_BRACKETS.matcher(ops);
        if (!b.find()) {
            Matcher a = X86_ABSOLUTE.matcher(ops);
            return a.find() ? new MemoryOperand(null, null, 1, Long.parseUnsignedLong(a.group(2).substring(2), 16),
                    a.group(1), false) : null;
        }
        String base = null;
        String index = null;
        int scale = 1;
        long displacement = 0;
        Matcher t = X86_TERM.matcher(b.group(2));
        while (t.find()) {
            boolean negative = t.group(1).equals("-");
            String term = t.group(2);
            if (Character.isLetter(term.charAt(0))) {
                if (t.group(3) != null || base != null) {
                    index = term;
                    scale = t.group(3) == null ? 1 : Integer.parseInt(t.group(3));
                } else {
                    base = term;
                }
            } else {
                long v = term.startsWith("0x") ? Long.parseUnsignedLong(term.substring(2), 16) : Long.parseLong(term);
                displacement += negative ? -v : v;
            }
        }
        return new MemoryOperand(base, index, scale, displacement, b.group(1), false);
    }

    private static MemoryOperand arm(String ops) {
        Matcher b = ARM_BRACKETS.matcher(ops);
        if (!b.find()) {
            return null;
        }
        String[] parts = b.group(1).split("\\s*,\\s*");
        String base = parts[0].strip();
        String index = null;
        int scale = 1;
        long displacement = 0;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            if (p.startsWith("#")) {
                displacement = number(p.substring(1));
            } else if (ARM_SHIFT.matcher(p).matches()) {
                Matcher s = ARM_SHIFT.matcher(p);
                s.matches();
                scale = s.group(1) == null ? 1 : 1 << Integer.parseInt(s.group(1));
            } else if (!p.isEmpty() && Character.isLetter(p.charAt(0))) {
                String[] words = p.split("\\s+", 2);
                index = words[0];
                if (words.length > 1) {
                    Matcher s = ARM_SHIFT.matcher(words[1]);
                    if (s.matches() && s.group(1) != null) {
                        scale = 1 << Integer.parseInt(s.group(1));
                    }
                }
            }
        }
        boolean post = b.group(3) != null && b.group(2).isEmpty();
        if (post) {
            displacement = number(b.group(4));
        }
        return new MemoryOperand(base, index, scale, displacement, null, post);
    }

    private static MemoryOperand riscv(String ops) {
        Matcher m = RISCV.matcher(ops);
        return m.find() ? new MemoryOperand(m.group(2), null, 1, number(m.group(1)), null, false) : null;
    }

    private static long number(String s) {
        String t = s.strip();
        boolean negative = t.startsWith("-");
        if (negative) {
            t = t.substring(1);
        }
        long v = t.startsWith("0x") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
        return negative ? -v : v;
    }
}
