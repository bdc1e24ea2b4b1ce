package org.koops.disasm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.koops.debuginfo.AccessNamer;
import org.koops.debuginfo.MemberAccess;
import org.koops.model.CodeBytes;
import org.koops.model.CrashReport;
import org.koops.model.Frame;
import org.koops.model.Register;

/**
 * The function a report's faulting instruction is in, read from an object file with debug info (a
 * vmlinux or a .ko): its listing with source lines and relocations, the faulting instruction marked
 * and the report's Code: bytes checked against it, and what that instruction accessed.
 *
 * @param name    the function, or {@code null} when the report names no function+offset for the faulting instruction
 * @param listing the function's listing, or {@code null} when it could not be made
 * @param problem why there is no listing, or {@code null}
 * @param access  what the faulting instruction accessed, or {@code null} when it accesses no memory or there is no function
 */
public record FaultingFunction(String name, FunctionListing listing, String problem, MemberAccess access) {
    /** The registers that hold the faulting instruction's address, as architectures name them. */
    private static final List<String> INSTRUCTION_POINTERS = List.of("RIP", "EIP", "pc", "epc");

    /**
     * Lists the faulting function of {@code report} from {@code object}, with Capstone's reading of
     * the file or, if {@code objdump}, with GNU objdump's.
     */
    public static FaultingFunction of(CrashReport report, Path object, boolean objdump) {
        Frame ip = faultingFrame(report);
        if (ip == null) {
            return new FaultingFunction(null, null, "no function+offset for the faulting instruction to look up in "
                    + object, null);
        }
        FunctionListing listing = null;
        String problem = null;
        try {
            CodeBytes code = report.details().kernelCode().orElse(null);
            listing = objdump ? FunctionListing.objdump(object, report.arch(), ip.function(), ip.offset(), code)
                    : FunctionListing.of(object, report.arch(), ip.function(), ip.offset(), code);
        } catch (Disassembler.DisassemblyException e) {
            problem = e.getMessage();
        }
        return new FaultingFunction(ip.function(), listing, problem, access(report, object, ip));
    }

    /**
     * The faulting instruction's function and offset ({@code RIP: func+0x13/0x40}, with its module), or
     * {@code null}: what selects the object file to list it from.
     */
    public static Frame faultingFrame(CrashReport r) {
        Frame ip = r.details().kernelRegisters().flatMap(d -> d.registers().stream()
                .filter(x -> x.symbol() != null && INSTRUCTION_POINTERS.contains(x.name()))
                .map(Register::symbol).findFirst()).orElse(null);
        return ip == null || ip.function() == null || ip.offset() == null ? null : ip;
    }

    private static MemberAccess access(CrashReport r, Path object, Frame ip) {
        try (AccessNamer namer = AccessNamer.open(object)) {
            return FaultingAccess.name(namer, r.arch(), ip.function(), ip.offset(), r.diagnosis().faultingCode());
        } catch (IOException e) {
            return new MemberAccess(null, null, null, 0, null, List.of(), e.getMessage());
        }
    }
}
