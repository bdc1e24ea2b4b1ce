package org.koops.parse;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;

import org.koops.decode.Arm32Fsr;
import org.koops.decode.Arm64Esr;
import org.koops.decode.LoongArchEstat;
import org.koops.decode.MipsCause;
import org.koops.decode.PowerpcDsisr;
import org.koops.decode.RiscvCause;
import org.koops.decode.X86PageFaultErrorCode;
import org.koops.format.GuardedPattern;
import org.koops.model.Arch;
import org.koops.model.Damage;
import org.koops.model.Decoded;
import org.koops.model.FaultInfo;
import org.koops.model.OopsLine;
import org.koops.model.RegisterDump;

/**
 * Gathers what a report says about a memory fault: the address (header, {@code CR2}, KASAN's
 * {@code at addr}, powerpc's {@code DAR}, MIPS's {@code BadVA}, RISC-V's {@code badaddr}, s390's
 * {@code Failing address:}), and how the architecture's fault register explains it: the x86 {@code #PF:}
 * lines and error code, the arm64 ESR from {@code Internal error: Oops: 96000004} and the
 * {@code Mem abort info:} block, the 32-bit arm FSR from {@code Internal error: Oops: 805} or
 * {@code Unhandled fault: ... (0x1406)}, RISC-V's {@code cause:}, MIPS's {@code Cause :}, LoongArch's {@code ESTAT:}
 * and powerpc's {@code DSISR:} registers.
 */
final class FaultReader {
    /** Each alternative holds {@code addr}, {@code " at "} or {@code "access of "}. */
    private static final GuardedPattern ADDRESS = GuardedPattern.containing(
            "(?:NULL pointer dereference, address: |NULL pointer dereference at |page fault for address: |paging request at (?:virtual address )?|kernel paging request at |data access at |virtual address |non-canonical address |maybe for address |memory at |access of |at addr "
            + "|for data at address |(?:data access|NULL pointer dereference|instruction fetch) on (?:read|write|execute) at |Failing address: )"
            + "(?:0x)?([0-9a-f]{1,16}+)", "addr", " at ", "access of ");
    /** powerpc says the access in words: {@code Kernel NULL pointer dereference on read at 0x00000000}. */
    private static final GuardedPattern POWERPC_ACCESS = GuardedPattern.containing(
            " on (read|write|execute) at 0x|paging request for (instruction fetch)", " at 0x", "paging request for ");
    private static final GuardedPattern PF_ACCESS = GuardedPattern.starting(
            "^#PF: (supervisor|user) (read access|write access|instruction fetch|shadow stack access) in (kernel|user) mode", "#PF: ");
    private static final GuardedPattern PF_CODE = GuardedPattern.starting("^#PF: error_code\\(0x([0-9a-f]{1,16}+)\\)(?: - (.*))?$",
            "#PF: error_code(");
    private static final GuardedPattern ESR = GuardedPattern.starting("^ESR = 0x([0-9a-f]{1,16}+)", "ESR = 0x");
    private static final GuardedPattern ARM64_OOPS = GuardedPattern.starting("^Internal error: Oops: ([0-9a-f]{8,16}+) \\[#",
            "Internal error: Oops: ");
    /** 32-bit arm's oops code is the FSR, printed without padding: {@code Internal error: Oops: 805 [#1] SMP ARM}. */
    private static final GuardedPattern ARM32_OOPS = GuardedPattern.starting("^Internal error: Oops: ([0-9a-f]{1,8}+) \\[#",
            "Internal error: Oops: ");
    private static final GuardedPattern ARM32_UNHANDLED = GuardedPattern.starting(
            "^Unhandled fault: .* \\(0x([0-9a-f]{1,8}+)\\) at 0x([0-9a-f]{1,8}+)", "Unhandled fault: ");

    private final List<Damage> damage;
    private final Arch arch;
    private Long address;
    private String pfAccess;
    private String pfMode;
    private Long pfCode;
    private String pfReason;
    private Long esrLine;
    private long esrLineNumber;
    private Long esrOops;
    private Long fsr;
    private String wordAccess;
    private boolean pageFault;

    FaultReader(List<Damage> damage, Arch arch) {
        this.damage = damage;
        this.arch = arch;
    }

    void accept(String text, long line) {
        Matcher m;
        if (address == null && (m = ADDRESS.find(text)) != null) {
            address = Long.parseUnsignedLong(m.group(1), 16);
            // KASAN's "at addr" and a general protection fault's decoded address come with no page-fault error code.
            pageFault |= !text.contains("at addr ") && !text.contains("general protection fault");
        }
        if (wordAccess == null && (m = POWERPC_ACCESS.find(text)) != null) {
            String word = m.group(1) != null ? m.group(1) : m.group(2);
            wordAccess = word.equals("execute") ? "instruction fetch" : word;
        }
        if ((m = PF_ACCESS.lookingAt(text)) != null) {
            pfAccess = switch (m.group(2)) {
                case "read access" -> "read";
                case "write access" -> "write";
                default -> m.group(2);
            };
            pfMode = m.group(3);
        } else if ((m = PF_CODE.lookingAt(text)) != null) {
            pfCode = Long.parseUnsignedLong(m.group(1), 16);
            pfReason = m.group(2);
        } else if ((m = ESR.lookingAt(text)) != null) {
            esrLine = Long.parseUnsignedLong(m.group(1), 16);
            esrLineNumber = line;
        } else if (arch == Arch.ARM && fsr == null && (m = ARM32_OOPS.lookingAt(text)) != null) {
            fsr = Long.parseUnsignedLong(m.group(1), 16);
        } else if (arch == Arch.ARM && fsr == null && (m = ARM32_UNHANDLED.lookingAt(text)) != null) {
            fsr = Long.parseUnsignedLong(m.group(1), 16);
            address = address != null ? address : Long.parseUnsignedLong(m.group(2), 16);
        } else if (arch != Arch.ARM && (m = ARM64_OOPS.lookingAt(text)) != null) {
            esrOops = Long.parseUnsignedLong(m.group(1), 16);
        }
    }

    FaultInfo result(List<RegisterDump> dumps, OopsLine oops) {
        RegisterDump kernel = dumps.stream().filter(d -> !d.userSpace()).findFirst().orElse(null);
        Long cr2 = dumps.stream().filter(d -> !d.userSpace()).map(d -> d.value("CR2").orElse(null))
                .filter(v -> v != null).findFirst().orElse(null);
        // CR2 holds the last page-fault address: it is this report's only when the report is a page fault.
        Long addr = address != null ? address : pfAccess != null || pfCode != null ? cr2 : null;
        if (fsr != null) {
            return new FaultInfo(addr, Arm32Fsr.access(fsr), "kernel", Arm32Fsr.faultStatus(fsr), fsr, Arm32Fsr.decode(fsr));
        }
        if (esrOops != null || esrLine != null) {
            return arm64(addr);
        }
        if (pageFault && kernel != null) {
            Optional<FaultInfo> own = registerFault(kernel, addr);
            if (own.isPresent()) {
                return own.get();
            }
        }
        Long code = pfCode;
        if (code == null && pageFault && oops != null && oops.code() != null && isX86()) {
            code = Long.parseUnsignedLong(oops.code(), 16); // before 5.8 the Oops code was the #PF error code
        }
        if (code == null && pfAccess == null) {
            return addr == null ? null : new FaultInfo(addr, wordAccess, null, null, null, List.of());
        }
        List<Decoded> decoded = code == null ? List.of() : X86PageFaultErrorCode.decode(code);
        String access = pfAccess != null ? pfAccess : X86PageFaultErrorCode.access(code);
        String mode = pfMode != null ? pfMode : X86PageFaultErrorCode.mode(code);
        String reason = pfReason != null ? pfReason : code == null ? null : X86PageFaultErrorCode.reason(code);
        return new FaultInfo(addr, access, mode, reason, code, decoded);
    }

    private boolean isX86() {
        return arch == Arch.X86_64 || arch == Arch.X86 || arch == Arch.UNKNOWN;
    }

    /** A page fault explained by the architecture's own status register: RISC-V's cause, MIPS's Cause, LoongArch's ESTAT, powerpc's DSISR. */
    private Optional<FaultInfo> registerFault(RegisterDump kernel, Long header) {
        if (arch == Arch.RISCV64) {
            Long cause = kernel.value("cause").orElse(null);
            Long addr = header != null ? header : kernel.value("badaddr").orElse(null);
            return cause == null ? Optional.empty() : Optional.of(new FaultInfo(addr, RiscvCause.access(cause).orElse(null),
                    "kernel", RiscvCause.name(cause), cause, RiscvCause.decode(cause)));
        }
        if (arch == Arch.MIPS) {
            Long cause = kernel.value("Cause").orElse(null);
            Long addr = header != null ? header : kernel.value("BadVA").orElse(null);
            Long epc = kernel.value("epc").orElse(null);
            return cause == null ? Optional.empty() : Optional.of(new FaultInfo(addr,
                    MipsCause.access(cause, epc != null && epc.equals(addr)).orElse(null), "kernel", MipsCause.name(cause),
                    cause, MipsCause.decode(cause)));
        }
        if (arch == Arch.LOONGARCH) {
            Long estat = kernel.value("ESTAT").orElse(null);
            Long addr = header != null ? header : kernel.value("BADV").orElse(null);
            return estat == null ? Optional.empty() : Optional.of(new FaultInfo(addr, LoongArchEstat.access(estat).orElse(null),
                    "kernel", LoongArchEstat.name(estat), estat, LoongArchEstat.decode(estat)));
        }
        if (arch == Arch.POWERPC) {
            Long dsisr = kernel.value("DSISR").orElse(null);
            Long addr = header != null ? header : kernel.value("DAR").orElse(null);
            if (dsisr != null) {
                return Optional.of(new FaultInfo(addr, wordAccess != null ? wordAccess : PowerpcDsisr.access(dsisr), "kernel",
                        PowerpcDsisr.reason(dsisr), dsisr, PowerpcDsisr.decode(dsisr)));
            }
        }
        return Optional.empty();
    }

    private FaultInfo arm64(Long addr) {
        long esr = esrOops != null ? esrOops : esrLine;
        if (esrOops != null && esrLine != null && esrLine.longValue() != esrOops.longValue()) {
            damage.add(new Damage(esrLineNumber, String.format(
                    "ESR line says 0x%08x but the Oops code says 0x%08x; the Oops code is used", esrLine, esrOops)));
        }
        String access = Arm64Esr.access(esr).orElse(null);
        return new FaultInfo(addr, access, Arm64Esr.isCurrentEl(esr) ? "kernel" : "user", Arm64Esr.faultStatus(esr),
                esr, Arm64Esr.decode(esr));
    }
}
