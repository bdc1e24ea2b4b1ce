package org.koops.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.koops.CodeDisassembler;
import org.koops.decode.AddressClass;
import org.koops.decode.AddressInfo;
import org.koops.decode.ArchAddresses;
import org.koops.decode.PoisonValues;
import org.koops.model.Arch;
import org.koops.model.Cause;
import org.koops.model.Claim;
import org.koops.model.CodeBytes;
import org.koops.model.CrashReport;
import org.koops.model.Diagnosis;
import org.koops.model.Disassembly;
import org.koops.model.FaultingCode;
import org.koops.model.Instruction;
import org.koops.model.MemoryOperand;
import org.koops.model.NextStep;
import org.koops.model.PointerUse;
import org.koops.model.Register;
import org.koops.model.RegisterDump;

/**
 * Adds the faulting code to a diagnosis: the {@code Code:} bytes decoded by a disassembler, and the
 * faulting instruction's memory operand computed from the report's registers and compared with the
 * fault address, which names the register that held the bad pointer and the offset added to it.
 */
public final class CodeCorrelation {
    private CodeCorrelation() {
    }

    /**
     * The report with its kernel {@code Code:} line decoded and tied to its registers, and its user-space
     * {@code Code:} line decoded; unchanged without a kernel one.
     */
    public static CrashReport annotate(CrashReport report, CodeDisassembler disassembler) {
        Optional<CodeBytes> kernelCode = report.details().kernelCode();
        if (kernelCode.isEmpty()) {
            return report;
        }
        CodeBytes code = kernelCode.get();
        Arch arch = report.arch();
        Disassembly disassembly = decode(arch, code, instructionAddress(report.details().kernelRegisters()), disassembler);
        Disassembly userSpace = report.details().code().stream().filter(CodeBytes::userSpace).findFirst()
                .map(c -> decode(arch, c, instructionAddress(report.details().userRegisters()), disassembler))
                .orElse(null);
        Optional<RegisterDump> dump = report.details().kernelRegisters();
        Long fault = report.details().fault() == null ? null : report.details().fault().address();
        PointerUse pointer = disassembly.faultingInstruction()
                .filter(i -> i.memory() != null)
                .map(i -> correlate(arch, i, dump.orElse(null), fault))
                .orElse(null);
        Diagnosis d = report.diagnosis();
        List<Claim> evidence = new ArrayList<>(d.evidence());
        Cause cause = d.cause();
        Optional<Instruction> faulting = disassembly.faultingInstruction();
        if (pointer != null) {
            List<Long> lines = new ArrayList<>(List.of(code.line()));
            dump.ifPresent(r -> lines.add(r.line()));
            evidence.add(new Claim(pointer.statement(), lines.stream().distinct().sorted().toList()));
            cause = refine(arch, cause, pointer, fault);
        } else if (faulting.isPresent()) {
            evidence.add(Claim.of("The faulting instruction is " + faulting.get().text() + ".", code.line()));
        }
        // Once the code is decoded here, running scripts/decodecode on it is no longer a next step.
        List<NextStep> steps = faulting.isEmpty() ? d.nextSteps() : d.nextSteps().stream()
                .filter(s -> s.command() == null || !s.command().startsWith("scripts/decodecode")).toList();
        Diagnosis annotated = new Diagnosis(cause, d.summary(), List.copyOf(evidence), d.culprit(), d.context(),
                d.callChain(), d.consequences(), steps, d.guiltyFile(), new FaultingCode(disassembly, pointer, userSpace));
        return new CrashReport(report.index(), report.title(), report.altTitles(), report.type(), report.kind(), arch,
                report.corrupted(), report.corruptionReason(), report.startLine(), report.endLine(), report.startOffset(),
                report.endOffset(), report.lines(), report.context(), report.details(), annotated, report.annotated(),
                report.duplicateOf());
    }

    private static Disassembly decode(Arch arch, CodeBytes code, Long address, CodeDisassembler disassembler) {
        return code.unavailable() != null
                ? Disassembly.unavailable(arch, "the kernel printed no code: " + code.unavailable(), code.line())
                : disassembler.disassemble(arch, code, address);
    }

    /** The marked instruction's address when the dump prints it as a number ({@code pc : [<808f355c>]}). */
    private static Long instructionAddress(Optional<RegisterDump> dump) {
        return dump.flatMap(RegisterDump::instructionPointer).map(Register::value).orElse(null);
    }

    /** Ties a memory operand to the dump's registers and to the fault address. */
    static PointerUse correlate(Arch arch, Instruction insn, RegisterDump dump, Long fault) {
        MemoryOperand m = insn.memory();
        OperandRegisters.Read base = m.base() == null ? null : OperandRegisters.read(arch, m.base(), dump);
        OperandRegisters.Read index = m.index() == null ? null : OperandRegisters.read(arch, m.index(), dump);
        long offset = m.postIndexed() ? 0 : m.displacement();
        boolean known = (base == null || base.value() != null) && (index == null || index.value() != null);
        if (index != null && index.value() != null) {
            offset += index.value() * m.scale();
        }
        long mask = arch == Arch.X86 || arch == Arch.ARM ? 0xffff_ffffL : -1L;
        Long address = known ? ((base == null ? 0 : base.value()) + offset) & mask : null;
        Boolean agrees = address == null || fault == null ? null : sameAddress(arch, address, fault);
        String name = base == null ? null : base.dumpName();
        Long value = base == null ? null : base.value();
        String text = insn.text();
        String sum = (name == null ? "" : name) + (index == null ? "" : (name == null ? "" : " + ") + index.dumpName()
                + (m.scale() == 1 ? "" : " * " + m.scale())) + signed(m.postIndexed() ? 0 : m.displacement());
        String statement;
        if (address == null) {
            String missing = base != null && base.value() == null ? base.dumpName() : index.dumpName();
            statement = "The faulting instruction " + text + " accesses " + sum + "; the report does not show " + missing
                    + (fault != null && index == null && name != null
                    ? String.format(", so the bad pointer in %s was the faulting address minus %s: 0x%x", name,
                    offsetText(offset), (fault - offset) & mask) : "") + ".";
        } else if (agrees == null) {
            statement = String.format("The faulting instruction %s accesses %s = 0x%x", text, sum, address)
                    + (name == null ? "" : String.format(" (%s = 0x%x)", name, value))
                    + "; the CPU did not report the faulting address, so this is it: " + describe(arch, address)
                    + pointerNote(arch, name, value, offset) + ".";
        } else if (agrees) {
            statement = String.format("The faulting instruction %s accesses %s = 0x%x, the faulting address", text, sum, address)
                    + (name == null ? "." : String.format(": %s = 0x%x held the bad pointer", name, value)
                    + pointerNote(arch, name, value, offset) + ".");
        } else {
            statement = String.format("The faulting instruction %s accesses %s = 0x%x, not the faulting address 0x%x: "
                    + "the registers changed after the access (a string instruction or an exception fixup) or the fault "
                    + "was not this access.", text, sum, address, fault);
        }
        return new PointerUse(text, name, value, offset, address, fault, agrees, statement);
    }

    private static boolean sameAddress(Arch arch, long computed, long reported) {
        if (arch == Arch.ARM64) {
            // Top-byte-ignore: the kernel prints FAR with the tag byte cleared.
            return (computed & 0x00ff_ffff_ffff_ffffL) == (reported & 0x00ff_ffff_ffff_ffffL);
        }
        return computed == reported;
    }

    /** What the base register's value was, and what the offset from it means. */
    private static String pointerNote(Arch arch, String register, Long value, long offset) {
        if (register == null || value == null) {
            return "";
        }
        if (value == 0) {
            return offset == 0 ? "; it was NULL" : "; it was NULL, and " + offsetText(offset)
                    + " is the offset of the field read or written, so a NULL structure pointer was dereferenced";
        }
        Optional<AddressInfo> poison = PoisonValues.identify(value);
        if (poison.isPresent()) {
            return "; it holds " + poison.get().description() + (offset == 0 ? "" : ", and " + offsetText(offset)
                    + " is the offset of the field accessed");
        }
        AddressInfo info = ArchAddresses.classify(arch, value);
        return "; it is a " + info.kind().label() + (offset == 0 ? "" : ", and " + offsetText(offset)
                + " is the offset of the field accessed");
    }

    private static String describe(Arch arch, long address) {
        AddressInfo info = ArchAddresses.classify(arch, address);
        return "a " + info.kind().label();
    }

    /** A cause the address alone left vague, made specific by the address the instruction accessed. */
    private static Cause refine(Arch arch, Cause cause, PointerUse pointer, Long fault) {
        if (fault != null || pointer.effectiveAddress() == null
                || (cause != Cause.WILD_POINTER && cause != Cause.UNKNOWN)) {
            return cause;
        }
        if (pointer.registerValue() != null && PoisonValues.identify(pointer.registerValue()).isPresent()) {
            return cause;
        }
        AddressClass kind = ArchAddresses.classify(arch, pointer.effectiveAddress()).kind();
        return switch (kind) {
            case NULL_POINTER -> Cause.NULL_POINTER_DEREFERENCE;
            case NON_CANONICAL -> Cause.NON_CANONICAL_POINTER;
            case USER -> Cause.USER_ADDRESS_FROM_KERNEL;
            default -> cause;
        };
    }

    private static String signed(long v) {
        return v == 0 ? "" : v < 0 ? String.format(" - 0x%x", -v) : String.format(" + 0x%x", v);
    }

    private static String offsetText(long v) {
        return v < 0 ? String.format("-0x%x", -v) : String.format("0x%x", v);
    }
}
