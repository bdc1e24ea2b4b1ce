package org.koops.diagnose;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.model.Arch;
import org.koops.model.Register;
import org.koops.model.RegisterDump;

/**
 * Reads a register named in an instruction's operand from a register dump: {@code esi} is the low
 * half of {@code RSI}, arm64 {@code w3} the low half of {@code x3}, arm32 {@code sl} is {@code r10}.
 */
final class OperandRegisters {
    /** A register as the dump holds it and how many of its low bits the operand uses. */
    record Read(String dumpName, Long value) {
    }

    private static final Pattern X86_NUMBERED = Pattern.compile("r(\\d{1,2})([dwb]?)");
    private static final Pattern X86_LEGACY = Pattern.compile("([re]?)(ax|bx|cx|dx|si|di|bp|sp|ip)|([abcd])l|(si|di|bp|sp)l");
    private static final Pattern ARM64 = Pattern.compile("([xw])(\\d{1,2})");
    /** arm32 registers that disassemblers and the kernel's dump name differently. */
    private static final Map<String, List<String>> ARM_ALIASES = Map.ofEntries(
            Map.entry("r9", List.of("r9", "sb")), Map.entry("sb", List.of("r9", "sb")),
            Map.entry("r10", List.of("r10", "sl")), Map.entry("sl", List.of("r10", "sl")),
            Map.entry("r11", List.of("fp", "r11")), Map.entry("fp", List.of("fp", "r11")),
            Map.entry("r12", List.of("ip", "r12")), Map.entry("ip", List.of("ip", "r12")),
            Map.entry("r13", List.of("sp")), Map.entry("r14", List.of("lr")), Map.entry("r15", List.of("pc")));

    private OperandRegisters() {
    }

    /** The value an operand register had, from the dump; a missing register gives a {@code null} value. */
    static Read read(Arch arch, String operand, RegisterDump dump) {
        String r = operand.toLowerCase(Locale.ROOT);
        return switch (arch) {
            case X86_64, X86 -> x86(arch, r, dump);
            case ARM64 -> arm64(r, dump);
            case ARM -> first(ARM_ALIASES.getOrDefault(r, List.of(r)), dump, 32);
            default -> first(List.of(r), dump, 64);
        };
    }

    private static Read x86(Arch arch, String r, RegisterDump dump) {
        Matcher n = X86_NUMBERED.matcher(r);
        if (n.matches()) {
            String name = "R" + (n.group(1).length() == 1 ? "0" + n.group(1) : n.group(1));
            int bits = switch (n.group(2)) { case "d" -> 32; case "w" -> 16; case "b" -> 8; default -> 64; };
            return first(List.of(name, "R" + n.group(1)), dump, bits);
        }
        Matcher l = X86_LEGACY.matcher(r);
        if (!l.matches()) {
            return new Read(r.toUpperCase(Locale.ROOT), null);
        }
        String stem;
        int bits;
        if (l.group(2) != null) {
            stem = l.group(2);
            bits = switch (l.group(1)) { case "r" -> 64; case "e" -> 32; default -> 16; };
        } else {
            stem = l.group(3) != null ? l.group(3) + "x" : l.group(4);
            bits = 8;
        }
        String wide = (arch == Arch.X86 ? "E" : "R") + stem.toUpperCase(Locale.ROOT);
        return first(List.of(wide, "E" + stem.toUpperCase(Locale.ROOT)), dump, bits);
    }

    private static Read arm64(String r, RegisterDump dump) {
        if (r.equals("xzr") || r.equals("wzr")) {
            return new Read(r, 0L);
        }
        Matcher m = ARM64.matcher(r);
        if (m.matches()) {
            return first(List.of("x" + m.group(2)), dump, m.group(1).equals("w") ? 32 : 64);
        }
        return first(List.of(r.equals("x29") ? "x29" : r), dump, 64);
    }

    private static Read first(List<String> names, RegisterDump dump, int bits) {
        for (String name : names) {
            Optional<Register> found = dump == null ? Optional.empty() : dump.find(name);
            if (found.isPresent() && found.get().value() != null) {
                long v = found.get().value();
                return new Read(found.get().name(), bits == 64 ? v : v & ((1L << bits) - 1));
            }
        }
        return new Read(names.get(0), null);
    }
}
