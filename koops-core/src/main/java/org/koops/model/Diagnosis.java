package org.koops.model;

import java.util.List;

/**
 * What koops concludes about a report; every claim names the lines it rests on.
 *
 * @param cause        the likely class of bug, {@link Cause#UNKNOWN} rather than a guess
 * @param summary      one sentence: what happened, where
 * @param evidence     the claims supporting the cause
 * @param culprit      the code most likely at fault, or {@code null}
 * @param context      how execution got there: process, system call, kernel layers, interrupt context
 * @param callChain    the reliable frames from the outermost caller to the faulting function
 * @param consequences what the crash left behind: taint, stuck module, need to reboot
 * @param nextSteps    what to do next for this crash
 * @param guiltyFile   the source file to blame, as syzkaller picks it to find the maintainers to tell
 *                     ({@code net/ipv6/ip6_output.c}), or {@code null} when the report names no source file:
 *                     symbolised frames name one each, unsymbolised reports only in {@code WARNING} and
 *                     {@code kernel BUG} headers
 * @param faultingCode the decoded {@code Code:} bytes and the bad pointer they show, or {@code null} when the
 *                     analysis had no disassembler ({@code Koops.withDisassembler}) or the report no code
 * @param memoryAccess what a KASAN, KFENCE or KMSAN report says of the bad access and its object, or {@code null}
 * @param lockCycle    what a lockdep report says of the locks and the dependency it found, or {@code null}
 * @param stall        what a hung-task, RCU-stall or lockup report says of who waits on what, or {@code null}
 * @param reported     where the report says, in its own words, that it happened (its instruction pointer or the line
 *                     naming the place), even when that is code that only reports or checks, or {@code null}
 */
public record Diagnosis(Cause cause, String summary, List<Claim> evidence, Culprit culprit, List<Claim> context,
                        List<String> callChain, List<Claim> consequences, List<NextStep> nextSteps,
                        String guiltyFile, FaultingCode faultingCode, MemoryAccess memoryAccess, LockCycle lockCycle,
                        Stall stall, ReportedPlace reported) {

    /**
     * The diagnosis of a report found by an analysis made without one ({@code Koops.withoutDiagnosis()}):
     * cause {@link Cause#UNKNOWN}, a summary that says so, no claims, culprit, call chain or guilty file.
     */
    public static final Diagnosis NONE = new Diagnosis(Cause.UNKNOWN, "Not diagnosed (the analysis was made without diagnosis)",
            List.of(), null, List.of(), List.of(), List.of(), List.of(), null);

    /** A diagnosis made without disassembling the code, of a report of no kind with facts of its own. */
    public Diagnosis(Cause cause, String summary, List<Claim> evidence, Culprit culprit, List<Claim> context,
                     List<String> callChain, List<Claim> consequences, List<NextStep> nextSteps, String guiltyFile) {
        this(cause, summary, evidence, culprit, context, callChain, consequences, nextSteps, guiltyFile, null);
    }

    /** A diagnosis of a report of no kind with facts of its own (sanitizer, lockdep, stall). */
    public Diagnosis(Cause cause, String summary, List<Claim> evidence, Culprit culprit, List<Claim> context,
                     List<String> callChain, List<Claim> consequences, List<NextStep> nextSteps, String guiltyFile,
                     FaultingCode faultingCode) {
        this(cause, summary, evidence, culprit, context, callChain, consequences, nextSteps, guiltyFile, faultingCode,
                null, null, null, null);
    }

    /** This diagnosis with another cause, summary, evidence, next steps and decoded code, the rest kept. */
    public Diagnosis withCode(Cause cause, String summary, List<Claim> evidence, List<NextStep> nextSteps,
                              FaultingCode faultingCode) {
        return new Diagnosis(cause, summary, evidence, culprit, context, callChain, consequences, nextSteps, guiltyFile,
                faultingCode, memoryAccess, lockCycle, stall, reported);
    }
}
