package org.koops.explain;

import static org.koops.explain.LineRule.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;

import org.koops.decode.Arm64Esr;
import org.koops.model.CodeBytes;
import org.koops.model.Decoded;

/** The {@code Code:} line: the machine code around the faulting instruction. */
final class CodeRules {
    static final List<LineRule> RULES = List.of(
            rule("^Code: (?:Unable to access opcode bytes at|Bad RIP value)", (m, c) -> List.of(
                    "The kernel could not read the code at the instruction pointer: it points to unmapped memory, "
                            + "so execution jumped to a bad address (e.g. a NULL, freed or corrupted function pointer).")),
            rule("^Code: ", CodeRules::code));

    /** {@code brk #imm} is {@code 0xd4200000 | imm16 << 5}. */
    private static final long BRK_MASK = 0xffe0001fL;
    private static final long BRK = 0xd4200000L;
    private static final int EC_BRK64 = 0x3c;

    private CodeRules() {
    }

    private static List<String> code(Matcher m, LineContext c) {
        CodeBytes code = c.report().details().code().stream().filter(b -> b.line() == c.number()).findFirst().orElse(null);
        if (code == null || code.bytes().length == 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        int at = code.faultOffset();
        if (code.userSpace()) {
            boolean syscall = at >= 2 && (code.bytes()[at - 2] & 0xff) == 0x0f && (code.bytes()[at - 1] & 0xff) == 0x05;
            out.add("User-space machine code around the saved user RIP; the marked byte is where the process resumes"
                    + (syscall ? ", and the 0f 05 just before it is the syscall instruction: the process was in a system "
                    + "call." : "."));
            return out;
        }
        if (c.report().interrupted(c.number())) {
            out.add("Machine code where the interrupted code was; the marked byte starts the instruction it runs next.");
            return out;
        }
        if (at < 0) {
            out.add("Machine code around the instruction pointer; no byte is marked, so the instruction there is unknown.");
            return out;
        }
        if (code.unitSize() == 4) {
            out.add("Machine code around the instruction pointer, as 32-bit words; the word in parentheses is the "
                    + "instruction there.");
            brk(code, at).ifPresent(out::add);
        } else {
            out.add("Machine code around the instruction pointer: " + at + " bytes before it, "
                    + (code.bytes().length - at) + " from it; the byte in <> is the first byte of the instruction there.");
            int first = code.faultingByte();
            int second = at + 1 < code.bytes().length ? code.bytes()[at + 1] & 0xff : -1;
            if (first == 0x0f && second == 0x0b) {
                out.add("0f 0b is ud2, the trap instruction BUG() and WARN() plant in the code.");
            } else if (first == 0xcc) {
                out.add("cc is int3, a breakpoint (kprobe, debugger or code patching).");
            }
        }
        return out;
    }

    private static Optional<String> brk(CodeBytes code, int at) {
        if (at + 4 > code.bytes().length) {
            return Optional.empty();
        }
        long word = 0;
        for (int i = 3; i >= 0; i--) {
            word = word << 8 | (code.bytes()[at + i] & 0xff);
        }
        if ((word & BRK_MASK) != BRK) {
            return Optional.empty();
        }
        long imm = (word >>> 5) & 0xffff;
        return Arm64Esr.decode((long) EC_BRK64 << 26 | imm).stream().filter(d -> d.name().equals("comment"))
                .findFirst().map(Decoded::meaning).map(s -> "It is brk #" + Hex.of(imm) + ": " + s + ".");
    }
}
