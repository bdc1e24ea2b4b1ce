package org.koops.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.koops.CodeDisassembler;
import org.koops.decode.AddressClass;
import org.koops.decode.AddressInfo;
import org.koops.decode.ArchAddresses;
import org.koops.decode.PointerTokens;
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
import org.koops.model.Kind;
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
                .map(i -> correlate(arch, report.kind(), disassembly, i, dump.orElse(null), fault))
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
            evidence.add(Claim.of((faulted(report.kind()) ? "The faulting instruction is "
                    : "The instruction at the report's instruction pointer is ") + faulting.get().text() + ".", code.line()));
        }
        // Once the code is decoded here, running scripts/decodecode on it is no longer a next step.
        List<NextStep> steps = faulting.isEmpty() ? d.nextSteps() : d.nextSteps().stream()
                .filter(s -> s.command() == null || !s.command().startsWith("scripts/decodecode")).toList();
        String summary = d.summary();
        String through = pointer == null ? null : pointerPhrase(arch, pointer,
                NullTest.before(arch, disassembly, faulting.map(i -> i.memory().base()).orElse(null)).isPresent());
        if ((through != null && report.details().fault() != null && report.details().fault().address() != null
                || cause != d.cause()) && d.memoryAccess() == null && d.lockCycle() == null && d.stall() == null) {
            Evidence e = new Evidence(report.kind(), arch, report.title(), report.lines(), report.context(), report.details(),
                    null);
            summary = Diagnoser.summary(e, cause, d.culprit(), ExecutionContext.of(e).syscall(), through, null);
        }
        Diagnosis annotated = d.withCode(cause, summary, List.copyOf(evidence), steps,
                new FaultingCode(disassembly, pointer, userSpace));
        return new CrashReport(report.index(), report.title(), report.altTitles(), report.type(), report.kind(), arch,
                report.corrupted(), report.corruptionReason(), report.startLine(), report.endLine(), report.startOffset(),
                report.endOffset(), report.lines(), report.context(), report.details(), annotated, report.annotated(),
                report.duplicateOf(), report.displayTitle());
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

    /** Ties a memory operand to the dump's registers and to the fault address, for a report that faulted. */
    static PointerUse correlate(Arch arch, Instruction insn, RegisterDump dump, Long fault) {
        return correlate(arch, Kind.OOPS, null, insn, dump, fault);
    }

    /**
     * Ties the memory operand of the instruction at the report's instruction pointer to the dump's registers and to the
     * fault address. For a report that did not fault there (a lockup's sampled instruction pointer) it only says what
     * the instruction accesses; {@code code}, when given, shows whether the base register was tested against NULL on
     * the way to it.
     */
    static PointerUse correlate(Arch arch, Kind kind, Disassembly code, Instruction insn, RegisterDump dump, Long fault) {
        MemoryOperand m = insn.memory();
        OperandRegisters.Read base = m.base() == null ? null : OperandRegisters.read(arch, m.base(), dump);
        OperandRegisters.Read index = m.index() == null ? null : OperandRegisters.read(arch, m.index(), dump);
        long offset = m.postIndexed() ? 0 : m.displacement();
        boolean known = (base == null || base.value() != null) && (index == null || index.value() != null);
        if (index != null && index.value() != null) {
            offset += index.value() * m.scale();
        }
        long mask = arch == Arch.X86 || arch == Arch.ARM ? 0xffff_ffffL : -1L;
        Long segmentBase = perCpuBase(arch, m, dump);
        if (isPerCpu(arch, m) && segmentBase == null) {
            known = false;
        }
        Long address = known ? ((base == null ? 0 : base.value()) + offset + (segmentBase == null ? 0 : segmentBase)) & mask
                : null;
        Boolean agrees = address == null || fault == null ? null : sameAddress(arch, address, fault);
        String name = base == null ? null : base.dumpName();
        Long value = base == null ? null : base.value();
        String text = insn.text();
        String sum = (isPerCpu(arch, m) ? "the per-CPU base GS" + (name == null && index == null ? "" : " + ") : "")
                + (name == null ? "" : name) + (index == null ? "" : (name == null ? "" : " + ") + index.dumpName()
                + (m.scale() == 1 ? "" : " * " + m.scale())) + signed(m.postIndexed() ? 0 : m.displacement());
        Optional<NullTest.Found> tested = code == null ? Optional.empty() : NullTest.before(arch, code, m.base());
        String statement;
        if (!faulted(kind)) {
            statement = "The CPU was at " + text + " when the report was taken, not at a faulting access: "
                    + (address == null ? "it accesses " + sum : String.format("it accesses %s = 0x%x", sum, address))
                    + ", which did not fault" + (kind == Kind.SOFT_LOCKUP || kind == Kind.HARD_LOCKUP
                    || kind == Kind.RCU_STALL ? "; it is a point inside the code the CPU was stuck in." : ".");
        } else if (address != null && isShadowCheck(arch, address)) {
            statement = shadowCheck(arch, text, sum, address, agrees, fault, base, index);
        } else if (isPerCpu(arch, m)) {
            statement = "The faulting instruction " + text + " accesses per-CPU data: gs: addresses this CPU's per-CPU "
                    + "area" + (segmentBase == null ? " (the dump does not show the GS base)"
                    : String.format(" at GS base 0x%x, so it accesses 0x%x", segmentBase, address))
                    + ", kernel memory, not a user address"
                    + (agrees == null ? "" : agrees ? ", the faulting address" : String.format(", not the faulting address 0x%x", fault))
                    + ".";
        } else if (address == null) {
            String missing = base != null && base.value() == null ? base.dumpName() : index.dumpName();
            statement = "The faulting instruction " + text + " accesses " + sum + "; the report does not show " + missing
                    + (fault != null && index == null && name != null
                    ? String.format(", so the bad pointer in %s was the faulting address minus %s: 0x%x", name,
                    offsetText(offset), (fault - offset) & mask) : "") + ".";
        } else if (agrees == null) {
            statement = String.format("The faulting instruction %s accesses %s = 0x%x", text, sum, address)
                    + (name == null ? "" : String.format(" (%s = 0x%x)", name, value))
                    + "; the CPU did not report the faulting address, so this is it: " + describe(arch, address)
                    + pointerNote(arch, name, value, offset, tested) + ".";
        } else if (agrees) {
            statement = String.format("The faulting instruction %s accesses %s = 0x%x, the faulting address", text, sum, address)
                    + (name == null ? "." : String.format(": %s = 0x%x held the bad pointer", name, value)
                    + pointerNote(arch, name, value, offset, tested) + ".");
        } else {
            statement = String.format("The faulting instruction %s accesses %s = 0x%x, not the faulting address 0x%x: "
                    + "the registers changed after the access (a string instruction or an exception fixup) or the fault "
                    + "was not this access.", text, sum, address, fault);
        }
        return new PointerUse(text, name, value, offset, address, fault, agrees, statement);
    }

    /** An access to KASAN's shadow memory: the check KASAN compiles in before an access, at an address it computed. */
    private static boolean isShadowCheck(Arch arch, long address) {
        return ArchAddresses.classify(arch, address).kind() == AddressClass.KASAN_SHADOW_ACCESS;
    }

    /**
     * Generic KASAN reads the shadow byte {@code (pointer >> 3) + KASAN_SHADOW_OFFSET} before each access, so the
     * registers of such an instruction hold the shifted pointer and the shadow offset, not the pointer: the address is
     * shifted back before anything is said of it, and no register is called the bad pointer or a kernel token.
     */
    private static String shadowCheck(Arch arch, String text, String sum, long address, Boolean agrees, Long fault,
                                      OperandRegisters.Read base, OperandRegisters.Read index) {
        String checked = ArchAddresses.classify(arch, address).description()
                .replaceFirst("^.*?KASAN was checking ", "");
        List<OperandRegisters.Read> used = java.util.stream.Stream.of(base, index)
                .filter(r -> r != null && r.value() != null).toList();
        // With two registers, the one outside the shadow holds the shifted pointer and the other the offset alone.
        boolean split = used.stream().anyMatch(r -> !isShadowCheck(arch, r.value()));
        List<String> roles = new ArrayList<>();
        for (OperandRegisters.Read r : used) {
            roles.add(String.format("%s = 0x%x is %s", r.dumpName(), r.value(), !isShadowCheck(arch, r.value())
                    ? "the checked pointer shifted right by 3" : split ? "the shadow offset"
                    : "the shadow offset plus the shifted pointer"));
        }
        return String.format("The faulting instruction %s is KASAN's check before an access, not the access itself: it "
                + "reads the shadow byte at %s = 0x%x", text, sum, address)
                + (agrees == null ? "" : agrees ? ", the faulting address" : String.format(" (the CPU reported 0x%x)", fault))
                + ", computed as (pointer >> 3) + the shadow offset; shifted back, the pointer checked was " + checked
                + (roles.isEmpty() ? "" : ". " + String.join(" and ", roles) + ", not a pointer") + ".";
    }

    /**
     * What the bad pointer was, for the summary, when the code says more than the fault address does: a kernel token,
     * an ERR_PTR, NULL minus a container_of() offset, or a small value that passed a NULL test.
     */
    private static String pointerPhrase(Arch arch, PointerUse p, boolean tested) {
        if (p.register() == null || p.registerValue() == null || !Boolean.TRUE.equals(p.agrees())
                || isShadowCheck(arch, p.effectiveAddress())) {
            return null;
        }
        long v = p.registerValue();
        String through = String.format("through %s = 0x%x", p.register(), v);
        Optional<String> token = PointerTokens.name(v);
        if (token.isPresent()) {
            return through + ", " + token.get() + ", not NULL" + (tested ? " (it passed a NULL test)" : "");
        }
        if (v == 0 && p.offset() < 0) {
            return through + " minus " + offsetText(-p.offset()) + ": container_of() on a NULL pointer";
        }
        if (Long.compareUnsigned(v, ERRNO_START & maskOf(arch)) >= 0 && isFullWidth(arch, v)) {
            return String.format("through %s = ERR_PTR(-%d)", p.register(), -(v | ~maskOf(arch)));
        }
        if (tested && v != 0 && ArchAddresses.classify(arch, v).kind() == AddressClass.NULL_POINTER) {
            return through + ", a small value that passed a NULL test, not NULL";
        }
        return null;
    }

    /** Whether the report's instruction pointer is at an access that faulted, not just where the CPU was found. */
    private static boolean faulted(Kind kind) {
        return switch (kind) {
            case SOFT_LOCKUP, HARD_LOCKUP, RCU_STALL, HUNG_TASK, WARNING, KERNEL_BUG, REFCOUNT, LIST_CORRUPTION,
                 ATOMIC_SLEEP, SCHEDULING_WHILE_ATOMIC, LOCKDEP, PREEMPTIBLE_CPU_ACCESS, MEMORY_LEAK, OUT_OF_MEMORY, BAD_PAGE_STATE,
                 ALLOCATION_FAILURE, KCSAN, UBSAN, KMSAN -> false;
            default -> true;
        };
    }

    /** An x86-64 {@code gs:} operand: the kernel's per-CPU data, relative to the GS base. */
    private static boolean isPerCpu(Arch arch, MemoryOperand m) {
        return arch == Arch.X86_64 && "gs".equalsIgnoreCase(m.segment());
    }

    private static Long perCpuBase(Arch arch, MemoryOperand m, RegisterDump dump) {
        return isPerCpu(arch, m) && dump != null ? dump.value("GS").orElse(null) : null;
    }

    private static boolean sameAddress(Arch arch, long computed, long reported) {
        if (arch == Arch.ARM64) {
            // Top-byte-ignore: the kernel prints FAR with the tag byte cleared.
            return (computed & 0x00ff_ffff_ffff_ffffL) == (reported & 0x00ff_ffff_ffff_ffffL);
        }
        return computed == reported;
    }

    /** What the base register's value was, and what the offset from it means. */
    private static String pointerNote(Arch arch, String register, Long value, long offset,
                                      Optional<NullTest.Found> tested) {
        if (register == null || value == null) {
            return "";
        }
        String passed = tested.map(t -> "; it had passed a NULL test just before (" + t.text() + "), so it was not NULL")
                .orElse("");
        if (value == 0) {
            if (offset < 0) {
                return "; it was NULL, and the access is " + offsetText(-offset) + " below it: container_of() of a NULL "
                        + "member pointer, the structure computed from a NULL pointer to one of its members";
            }
            return offset == 0 ? "; it was NULL" : "; it was NULL, and " + offsetText(offset)
                    + " is the offset of the field read or written, so a NULL structure pointer was dereferenced";
        }
        String field = offset == 0 ? "" : ", and " + offsetText(offset) + " is the offset of the field accessed";
        Optional<String> token = PointerTokens.name(value);
        if (token.isPresent()) {
            return passed + String.format(": 0x%x is %s", value, token.get()) + field;
        }
        if (Long.compareUnsigned(value, ERRNO_START & maskOf(arch)) >= 0 && isFullWidth(arch, value)) {
            long errno = -(value | ~maskOf(arch));
            return String.format("; 0x%x is ERR_PTR(-%d), an error code returned in place of a pointer and used without "
                    + "an IS_ERR() check", value, errno) + field;
        }
        Optional<AddressInfo> poison = PoisonValues.identify(value);
        if (poison.isPresent()) {
            return "; it holds " + poison.get().description() + field;
        }
        AddressInfo info = ArchAddresses.classify(arch, value);
        if (info.kind() == AddressClass.NULL_POINTER) {
            return passed + String.format("; 0x%x is a small value used as a pointer, not NULL", value) + field;
        }
        return passed + "; it is " + Articles.with(info.kind().label()) + field;
    }

    private static final long ERRNO_START = -4095L;

    private static long maskOf(Arch arch) {
        return arch == Arch.X86 || arch == Arch.ARM ? 0xffff_ffffL : -1L;
    }

    /** A value in the top 4095 of the address space of the architecture's width. */
    private static boolean isFullWidth(Arch arch, long value) {
        return maskOf(arch) == -1L || (value & ~0xffff_ffffL) == 0;
    }

    private static String describe(Arch arch, long address) {
        AddressInfo info = ArchAddresses.classify(arch, address);
        return info.kind() == AddressClass.KASAN_SHADOW_ACCESS ? "a " + info.description() : Articles.with(info.kind().label());
    }


    /** A cause the address alone left vague, made specific by the address the instruction accessed. */
    private static Cause refine(Arch arch, Cause cause, PointerUse pointer, Long fault) {
        if (pointer.effectiveAddress() != null && isShadowCheck(arch, pointer.effectiveAddress())) {
            // The shifted-back pointer decides: a check of the first page is a NULL pointer dereference.
            AddressInfo checked = ArchAddresses.classify(arch, pointer.effectiveAddress());
            return checked.offset() != null && (cause == Cause.WILD_POINTER || cause == Cause.UNKNOWN
                    || cause == Cause.NON_CANONICAL_POINTER) ? Cause.NULL_POINTER_DEREFERENCE : cause;
        }
        if (pointer.registerValue() != null && pointer.registerValue() == 0 && Boolean.TRUE.equals(pointer.agrees())
                && (cause == Cause.WILD_POINTER || cause == Cause.UNKNOWN || cause == Cause.NON_CANONICAL_POINTER
                || cause == Cause.USER_ADDRESS_FROM_KERNEL)) {
            return Cause.NULL_POINTER_DEREFERENCE; // NULL minus a container_of() offset looks like ERR_PTR or garbage
        }
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
