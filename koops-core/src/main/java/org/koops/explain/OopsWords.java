package org.koops.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.decode.Arm32Fsr;
import org.koops.decode.Arm64Esr;
import org.koops.decode.X86PageFaultErrorCode;
import org.koops.model.Arch;

/**
 * The {@code : 0000 [#1] PREEMPT SMP PTI} tail of an oops line ({@code __die_header()} on x86,
 * {@code __die()} on arm64): the error code, the oops count and the kernel's configuration words.
 */
final class OopsWords {
    static final Pattern TAIL = Pattern.compile("(?:: (?<code>[0-9a-f]{1,16}+))? \\[#(?<n>\\d{1,9}+)\\](?<words>[^\\[\\]]*+)$");

    /** The words {@code __die_header()} and its counterparts print after {@code [#N]}. */
    private static final Map<String, String> WORDS = Map.ofEntries(
            Map.entry("PREEMPT", "preemptible kernel (CONFIG_PREEMPT): kernel code can be preempted almost anywhere"),
            Map.entry("PREEMPT_RT", "real-time kernel: spinlocks are sleeping locks and interrupts run in threads"),
            Map.entry("PREEMPT_LAZY", "lazy preemption: the scheduler preempts kernel code at the next tick"),
            Map.entry("SMP", "SMP kernel: built to run on several CPUs"),
            Map.entry("PTI", "page-table isolation on (Meltdown mitigation): user space runs without the kernel mapped"),
            Map.entry("NOPTI", "page-table isolation off: the CPU is not affected by Meltdown, or it was disabled"),
            Map.entry("KASAN", "built with KASAN: a debug kernel that checks every memory access"),
            Map.entry("DEBUG_PAGEALLOC", "freed pages are unmapped (DEBUG_PAGEALLOC), so a use-after-free faults at once"),
            Map.entry("NUMA", "NUMA kernel: memory is attached to specific CPUs"),
            Map.entry("ARM", "32-bit ARM instruction set"),
            Map.entry("THUMB2", "kernel built in Thumb-2 instructions"),
            Map.entry("LE", "little-endian kernel"),
            Map.entry("BE", "big-endian kernel"));
    private static final Pattern PREEMPT_MODE = Pattern.compile("^PREEMPT\\((\\w++)\\)$");

    private OopsWords() {
    }

    /** The meaning of a trap's line, {@code first}, then those of the words after its {@code [#N]}. */
    static List<String> after(LineContext c, String first) {
        List<String> out = new ArrayList<>();
        out.add(first);
        out.addAll(explain(c.text(), c.report()));
        return out;
    }

    /** Meanings of the tail of {@code text}, or nothing when it has no {@code [#N]}. */
    static List<String> explain(String text, ReportContext report) {
        Matcher m = TAIL.matcher(text);
        if (!m.find()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (m.group("code") != null && !decodedAbove(report)) {
            out.add(code(m.group("code"), text, report));
        }
        int n = Integer.parseInt(m.group("n"));
        out.add(n == 1 ? "[#1]: the first oops since boot, so it is not a consequence of an earlier one."
                : "[#" + n + "]: oops number " + n + " since boot. Oops #1 came first and may have caused this one; "
                        + "after an oops the kernel's state is not trustworthy, so analyse #1 first.");
        List<String> words = new ArrayList<>();
        for (String word : m.group("words").strip().split("\\s++")) {
            Matcher mode = PREEMPT_MODE.matcher(word);
            String meaning = mode.matches() ? "dynamic preemption, currently in \"" + mode.group(1) + "\" mode"
                    : WORDS.get(word);
            if (meaning != null) {
                words.add(word + ": " + meaning);
            } else if (word.startsWith("PAGE_SIZE=") || word.startsWith("NR_CPUS=") || word.startsWith("MMU=")) {
                words.add(word + ": a build setting of this kernel");
            }
        }
        if (!words.isEmpty()) {
            out.add(String.join("; ", words) + ".");
        }
        return out;
    }

    /**
     * Whether the x86 {@code #PF: error_code(...)} line or the arm64 {@code ESR = } block already read out the error
     * code this line repeats.
     */
    private static boolean decodedAbove(ReportContext report) {
        return report.errorCodeDecoded();
    }

    private static String code(String code, String text, ReportContext report) {
        long value = Hex.parse(code);
        if (report.arch() == Arch.ARM64 && code.length() >= 8) {
            String what = Arm64Esr.exceptionClass(value) + (Arm64Esr.isDataAbort(value) || Arm64Esr.isInstructionAbort(value)
                    ? ", " + Arm64Esr.faultStatus(value) : "") + Arm64Esr.decode(value).stream()
                    .filter(d -> d.name().equals("comment")).map(d -> ", brk #" + d.value() + " = " + d.meaning()).findFirst().orElse("");
            return "0x" + code + " is the ESR (exception syndrome register): " + what + ".";
        }
        if (report.arch() == Arch.ARM && text.contains("Oops: " + code + " ")) {
            return "0x" + code + " is the fault status (FSR) of the abort: " + Arm32Fsr.faultStatus(value) + " on "
                    + (Arm32Fsr.access(value).equals("instruction fetch") ? "an instruction fetch" : "a " + Arm32Fsr.access(value))
                    + (Arm32Fsr.isLongDescriptor(value) ? " (LPAE page tables)" : "") + ".";
        }
        if (report.arch() == Arch.ARM) {
            return code + ": the exception's error code (0 when the exception has none).";
        }
        if (text.contains("general protection fault")) {
            return value == 0 ? "0000: the #GP error code; 0 means no segment selector was involved (the usual case, "
                    + "e.g. a non-canonical address)." : code + ": the #GP error code names the segment selector or "
                    + "descriptor that caused it.";
        }
        if (report.details().fault() != null && report.details().fault().errorCode() != null
                && report.details().fault().access() != null && report.arch() != Arch.ARM64) {
            return code + ": the page-fault error code: " + X86PageFaultErrorCode.access(value) + " access from "
                    + X86PageFaultErrorCode.mode(value) + " mode, " + X86PageFaultErrorCode.reason(value) + ".";
        }
        return code + ": the exception's error code (0 when the exception has none).";
    }
}
