package org.koops.diagnose;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.koops.format.Titler;
import org.koops.model.Arch;
import org.koops.model.Frame;
import org.koops.model.Kind;
import org.koops.model.LogLine;
import org.koops.model.Register;
import org.koops.model.RegisterDump;
import org.koops.model.ReportDetails;

/**
 * The report as the diagnosis rules see it, with lookups they share.
 *
 * @param titlePlace where the function the title names was printed (the frame syzkaller judges guilty), or
 *                   {@code null} when the title names none
 */
record Evidence(Kind kind, Arch arch, String title, List<LogLine> lines, List<LogLine> context, ReportDetails details,
                Titler.Place titlePlace) {

    long headerLine() {
        return lines.get(0).number();
    }

    /** The first line (report or context) whose message matches, if any. */
    Optional<LogLine> find(Pattern pattern) {
        for (List<LogLine> part : List.of(context, lines)) {
            for (LogLine l : part) {
                if (pattern.matcher(l.text().stripLeading()).lookingAt()) {
                    return Optional.of(l);
                }
            }
        }
        return Optional.empty();
    }

    /** The faulting instruction pointer's symbolic location (RIP or pc), if printed. */
    Optional<Register> instructionPointer() {
        return details.kernelRegisters().flatMap(RegisterDump::instructionPointer);
    }

    /** Registers that can hold a data pointer: segment, control, flag and stack registers cannot. */
    private static final Pattern GENERAL_REGISTER = Pattern.compile(
            "^(?:R(?:AX|BX|CX|DX|SI|DI|BP|0[89]|1[0-5])|E(?:AX|BX|CX|DX|SI|DI|BP)|x\\d{1,2}|r\\d{1,2}|[ast]\\d{1,2}|v[01]|fp|ip)$");

    /** General registers of the kernel dump whose value equals {@code value}. */
    List<Register> registersHolding(long value) {
        return generalRegisters().stream().filter(r -> r.value() == value).toList();
    }

    /** The general registers of the kernel dump that print a value, in dump order. */
    List<Register> generalRegisters() {
        return details.kernelRegisters().map(d -> d.registers().stream()
                .filter(r -> r.value() != null && r.symbol() == null)
                .filter(r -> GENERAL_REGISTER.matcher(r.name()).matches())
                .toList()).orElse(List.of());
    }

    /** Reliable frames, innermost first. */
    List<Frame> reliableFrames() {
        return details.frames().stream().filter(Frame::reliable).filter(f -> f.function() != null).toList();
    }

    Long faultAddress() {
        return details.fault() == null ? null : details.fault().address();
    }
}
