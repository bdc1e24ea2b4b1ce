package org.koops.parse;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.decode.Arm64Esr;
import org.koops.decode.X86PageFaultErrorCode;
import org.koops.model.Damage;
import org.koops.model.Decoded;
import org.koops.model.FaultInfo;
import org.koops.model.OopsLine;
import org.koops.model.RegisterDump;

/**
 * Gathers what a report says about a memory fault: the address (header, {@code CR2}, KASAN's
 * {@code at addr}), the x86 {@code #PF:} lines and error code, or the arm64 ESR from
 * {@code Internal error: Oops: 96000004} and the {@code Mem abort info:} block.
 */
final class FaultReader {
    private static final Pattern ADDRESS = Pattern.compile(
            "(?:NULL pointer dereference, address: |NULL pointer dereference at |page fault for address: |paging request at (?:virtual address )?|kernel paging request at |data access at |virtual address |non-canonical address |maybe for address |memory at |access of |at addr )(?:0x)?([0-9a-f]{1,16}+)");
    private static final Pattern PF_ACCESS = Pattern.compile(
            "^#PF: (supervisor|user) (read access|write access|instruction fetch|shadow stack access) in (kernel|user) mode");
    private static final Pattern PF_CODE = Pattern.compile("^#PF: error_code\\(0x([0-9a-f]{1,16}+)\\)(?: - (.*))?$");
    private static final Pattern ESR = Pattern.compile("^ESR = 0x([0-9a-f]{1,16}+)");
    private static final Pattern ARM64_OOPS = Pattern.compile("^Internal error: Oops: ([0-9a-f]{8,16}+) \\[#");

    private final List<Damage> damage;
    private Long address;
    private String pfAccess;
    private String pfMode;
    private Long pfCode;
    private String pfReason;
    private Long esrLine;
    private long esrLineNumber;
    private Long esrOops;
    private boolean pageFault;

    FaultReader(List<Damage> damage) {
        this.damage = damage;
    }

    void accept(String text, long line) {
        Matcher m;
        if (address == null && (m = ADDRESS.matcher(text)).find()) {
            address = Long.parseUnsignedLong(m.group(1), 16);
            pageFault |= !text.contains("at addr ");
        }
        if ((m = PF_ACCESS.matcher(text)).lookingAt()) {
            pfAccess = switch (m.group(2)) {
                case "read access" -> "read";
                case "write access" -> "write";
                default -> m.group(2);
            };
            pfMode = m.group(3);
        } else if ((m = PF_CODE.matcher(text)).lookingAt()) {
            pfCode = Long.parseUnsignedLong(m.group(1), 16);
            pfReason = m.group(2);
        } else if ((m = ESR.matcher(text)).lookingAt()) {
            esrLine = Long.parseUnsignedLong(m.group(1), 16);
            esrLineNumber = line;
        } else if ((m = ARM64_OOPS.matcher(text)).lookingAt()) {
            esrOops = Long.parseUnsignedLong(m.group(1), 16);
        }
    }

    FaultInfo result(List<RegisterDump> dumps, OopsLine oops) {
        Long cr2 = dumps.stream().filter(d -> !d.userSpace()).map(d -> d.value("CR2").orElse(null))
                .filter(v -> v != null).findFirst().orElse(null);
        // CR2 holds the last page-fault address: it is this report's only when the report is a page fault.
        Long addr = address != null ? address : pfAccess != null || pfCode != null ? cr2 : null;
        if (esrOops != null || esrLine != null) {
            return arm64(addr);
        }
        Long code = pfCode;
        if (code == null && pageFault && oops != null && oops.code() != null) {
            code = Long.parseUnsignedLong(oops.code(), 16); // before 5.8 the Oops code was the #PF error code
        }
        if (code == null && pfAccess == null) {
            return addr == null ? null : new FaultInfo(addr, null, null, null, null, List.of());
        }
        List<Decoded> decoded = code == null ? List.of() : X86PageFaultErrorCode.decode(code);
        String access = pfAccess != null ? pfAccess : X86PageFaultErrorCode.access(code);
        String mode = pfMode != null ? pfMode : X86PageFaultErrorCode.mode(code);
        String reason = pfReason != null ? pfReason : code == null ? null : X86PageFaultErrorCode.reason(code);
        return new FaultInfo(addr, access, mode, reason, code, decoded);
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
