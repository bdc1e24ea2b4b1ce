package org.koops.disasm;

import java.util.ArrayList;
import java.util.List;

import org.koops.debuginfo.AccessNamers;
import org.koops.debuginfo.DebugInfoException;
import org.koops.debuginfo.MemberAccess;
import org.koops.model.Claim;
import org.koops.model.CrashReport;
import org.koops.model.Diagnosis;
import org.koops.model.FaultingCode;
import org.koops.model.Frame;
import org.koops.model.Register;

/**
 * Adds to a report what its faulting instruction accessed, named from the kernel's debug info
 * ({@link FaultingAccess}), as evidence of its diagnosis resting on the RIP/pc and {@code Code:}
 * lines; when it cannot be named, the evidence says so and why.
 */
public final class ReportAccess {
    private static final List<String> PC = List.of("RIP", "EIP", "pc", "epc");
    private static final String NOT_DETERMINED = "What the faulting instruction accessed is not determined by the debug info: ";

    private ReportAccess() {
    }

    /** The report with the access added; a report without a faulting memory access is returned as it is. */
    public static CrashReport annotate(CrashReport r, AccessNamers namers) {
        FaultingCode code = r.diagnosis() == null ? null : r.diagnosis().faultingCode();
        if (code == null || code.pointer() == null) {
            return r;
        }
        Frame ip = r.details().kernelRegisters().flatMap(d -> d.registers().stream()
                .filter(x -> x.symbol() != null && PC.contains(x.name()))
                .map(Register::symbol).findFirst()).orElse(null);
        if (ip == null || ip.function() == null || ip.offset() == null) {
            return r;
        }
        String release = r.details().task() == null ? null : r.details().task().release();
        AccessNamers.Found found = namers.find(ip.module(), ip.buildId(), release);
        String statement;
        if (found.namer() == null) {
            statement = NOT_DETERMINED + "there is no debug info for " + ip.symbolic() + ": " + found.why();
        } else {
            try {
                MemberAccess a = FaultingAccess.name(found.namer(), r.arch(), ip.function(), ip.offset(), code);
                if (a == null) {
                    return r;
                }
                statement = a.known() ? "The faulting instruction accessed " + a.statement() : NOT_DETERMINED + a.statement();
            } catch (DebugInfoException e) {
                statement = NOT_DETERMINED + e.getMessage();
            }
        }
        Diagnosis d = r.diagnosis();
        List<Claim> evidence = new ArrayList<>(d.evidence());
        evidence.add(Claim.of(statement, ip.line(), code.disassembly().line()));
        Diagnosis diagnosis = d.withCode(d.cause(), d.summary(), List.copyOf(evidence), d.nextSteps(), d.faultingCode());
        return new CrashReport(r.index(), r.title(), r.altTitles(), r.type(), r.kind(), r.arch(), r.corrupted(),
                r.corruptionReason(), r.startLine(), r.endLine(), r.startOffset(), r.endOffset(), r.lines(), r.context(),
                r.details(), diagnosis, r.annotated(), r.duplicateOf(), r.displayTitle());
    }
}
