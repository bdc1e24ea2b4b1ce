package org.koops.diagnose;

import java.util.ArrayList;
import java.util.List;

import org.koops.decode.AddressClass;
import org.koops.decode.AddressInfo;
import org.koops.decode.ArchAddresses;
import org.koops.format.Titler;
import org.koops.model.Arch;
import org.koops.model.Cause;
import org.koops.model.Claim;
import org.koops.model.Culprit;
import org.koops.model.Diagnosis;
import org.koops.model.FaultInfo;
import org.koops.model.Frame;
import org.koops.model.Kind;
import org.koops.model.LockCycle;
import org.koops.model.LogLine;
import org.koops.model.MemoryAccess;
import org.koops.model.ReportDetails;
import org.koops.model.Stall;

/**
 * Diagnoses the parsed reports of one log, in order: cause with evidence, culprit, context, consequences, next steps.
 * A report is read with the ones before it where they explain each other: tasks hung on the same lock.
 */
public final class Diagnoser {
    /** Earlier hung tasks remembered per log; bounded, so that a flood of reports cannot fill the heap. */
    private static final int MAX_HUNG = 100;

    /** The summary of a diagnosis made without its explanation ({@link #forLogFactsOnly()}). */
    static final String FACTS_ONLY = "Not explained (the analysis was made for the diagnosis's facts only)";

    private final List<Stall> hung = new ArrayList<>();
    private final boolean explain;

    private Diagnoser(boolean explain) {
        this.explain = explain;
    }

    /** A diagnoser for the reports of one log. */
    public static Diagnoser forLog() {
        return new Diagnoser(true);
    }

    /**
     * A diagnoser for the reports of one log that finds the facts only: the cause, the culprit, the place the report
     * names, the guilty file and what a report of a kind with facts of its own says; the summary is {@link #FACTS_ONLY}, and the claims, call
     * chain, consequences and next steps, which only explain those facts, are left empty.
     */
    public static Diagnoser forLogFactsOnly() {
        return new Diagnoser(false);
    }

    /** @param titlePlace where the function the title names was printed, or {@code null} when it names none */
    public Diagnosis diagnose(Kind kind, Arch arch, String title, Titler.Place titlePlace, List<LogLine> lines,
                              List<LogLine> context, ReportDetails details) {
        Evidence e = new Evidence(kind, arch, title, lines, context, details, titlePlace);
        CauseFinder.Finding finding = CauseFinder.find(e, explain);
        CulpritFinder.Found found = CulpritFinder.find(e);
        Culprit culprit = found.culprit();
        MemoryAccess access = MemoryErrors.read(e);
        LockCycle locks = LockDependencies.read(e);
        Stall stall = Stalls.read(e, hung);
        if (stall != null && kind == Kind.HUNG_TASK && hung.size() < MAX_HUNG) {
            hung.add(stall);
        }
        String guiltyFile = GuiltyFile.find(title, lines.stream().map(LogLine::text).toList());
        if (!explain) {
            return new Diagnosis(finding.cause(), FACTS_ONLY, List.of(), culprit, List.of(), List.of(), List.of(), List.of(),
                    guiltyFile, null, access, locks, stall, found.reported());
        }
        ExecutionContext.Result how = ExecutionContext.of(e);
        String what = access != null ? MemoryErrors.phrase(access) : locks != null ? LockDependencies.phrase(locks)
                : stall != null && !Stalls.phrase(stall, kind).isEmpty() ? Stalls.phrase(stall, kind) : null;
        String summary = summary(e, finding.cause(), culprit, how.syscall(), null, what);
        List<Claim> evidence = new ArrayList<>(finding.claims());
        evidence.addAll(Surroundings.claims(e));
        return new Diagnosis(finding.cause(), summary, List.copyOf(evidence), culprit, how.claims(), how.callChain(),
                Consequences.of(e), NextSteps.of(e, finding.cause(), culprit), guiltyFile, null, access, locks, stall,
                found.reported());
    }

    /**
     * The one-sentence summary; {@code pointer}, when the faulting code says what the bad pointer was
     * ({@code through RBX = 0x1, SEQ_START_TOKEN, not NULL}), follows the fault address; {@code what}, when the
     * report's kind has facts of its own (the sanitizer's access and object, lockdep's cycle, who stalls on what),
     * takes the fault address's place.
     */
    static String summary(Evidence e, Cause cause, Culprit culprit, String syscall, String pointer, String what) {
        StringBuilder s = new StringBuilder();
        s.append(cause == Cause.UNKNOWN ? capitalise(e.kind().description()) + " (cause not determined)"
                : capitalise(cause.description()));
        FaultInfo fault = e.details().fault();
        if (what != null) {
            s.append(": ").append(what);
        } else if (fault != null && fault.address() != null) {
            s.append(": ");
            if (fault.access() != null) {
                s.append(Articles.with(fault.access())).append(" of ");
            } else {
                s.append("access to ");
            }
            AddressInfo where = e.arch() == null ? null : ArchAddresses.classify(e.arch(), fault.address());
            if (where != null && where.kind() == AddressClass.KASAN_SHADOW_ACCESS) {
                // KASAN faulted on the shadow of the pointer it checked: the pointer is said first.
                s.append("the KASAN shadow of ").append(where.description().replaceFirst("^.*?KASAN was checking ", "")
                        .replaceFirst("\\], .*$", "]")).append(String.format(" (address 0x%x)", fault.address()));
            } else {
                s.append(String.format("address 0x%x", fault.address()));
            }
            if (fault.mode() != null) {
                s.append(" in ").append(fault.mode()).append(" mode");
            }
            if (fault.reason() != null) {
                s.append(" (").append(fault.reason()).append(")");
            }
            if (pointer != null) {
                s.append(' ').append(pointer);
            }
        } else if (e.details().panic() != null && e.kind() == Kind.PANIC) {
            s.append(": ").append(e.details().panic());
        }
        if (culprit != null && culprit.victim() != null && culprit.victim().frame() != null && culprit.frame() != null) {
            s.append(", in ").append(culprit.victim().frame().symbolic()).append(" on behalf of ")
                    .append(culprit.frame().symbolic());
        } else if (culprit != null) {
            Frame printed = culprit.frame();
            if (printed == null || printed.function() == null) {
                s.append(", in ").append(culprit.function());
            } else if (PastTheEnd.isPastTheEnd(e.details().frames(), printed)) {
                s.append(", in ").append(culprit.function()).append(" (the call before ").append(printed.symbolic()).append(')');
            } else {
                s.append(", in ").append(printed.symbolic());
            }
        }
        if (e.details().task() != null && e.details().task().named()) {
            s.append(", while ").append(e.details().task().comm()).append(" (PID ").append(e.details().task().pid()).append(")");
            s.append(syscall != null ? " was in " + Articles.with(syscall) + "() system call" : " was running");
        }
        return s.append('.').toString();
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
