package org.koops.explain;

import static org.koops.explain.LineRule.fixed;
import static org.koops.explain.LineRule.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.decode.X86PageFaultErrorCode;
import org.koops.model.Decoded;

/**
 * What the CPU said about a memory fault: the x86 {@code #PF:} lines and page-table walk, the
 * {@code Oops:} line, and the arm64 abort block and page-table dump.
 */
final class FaultRules {
    static final List<LineRule> RULES = List.of(
            rule("^#PF: (?<who>supervisor|user) (?<what>read access|write access|instruction fetch|shadow stack access) "
                    + "in (?<mode>kernel|user) mode", FaultRules::pfAccess),
            rule("^#PF: error_code\\(0x(?<code>[0-9a-f]{1,16}+)\\)", FaultRules::pfCode),
            rule("^#PF error: ", FaultRules::pfCode),
            rule("^(?:PGD|PML4|P4D|PUD|PMD|PTE|\\*pde|\\*pte|\\*pdpt) [0-9a-f]{1,16}+", FaultRules::pageWalk),
            rule("^(?:Oops|Internal error: Oops(?: - [A-Za-z ]++)?+)(?:: [0-9a-f]{1,16}+)? \\[#\\d++\\]", FaultRules::oops),
            rule("^ESR = 0x(?<esr>[0-9a-f]{1,16}+)", FaultRules::esr),
            rule("^(?:EC|IL|SET|FnV|EA|S1PTW|FSC|ISV|ISS|ISS2|CM|WnR|TnD|TagAccess|GCS|Overlay|DirtyBit|Xs|SAS|SSE|SRT|SF|AR|VNCR) = ",
                    FaultRules::abortFields),
            rule("^\\[(?<addr>[0-9a-f]{1,16}+)\\] address between user and kernel address ranges", (m, c) -> List.of(
                    "The address 0x" + m.group("addr") + " lies in the gap between the user (TTBR0) and kernel (TTBR1) "
                            + "ranges, which no page table covers: a corrupted or uninitialised pointer.")),
            rule("^\\[(?<addr>[0-9a-f]{1,16}+)\\] user address but active_mm is swapper", (m, c) -> List.of(
                    "A user-space address was accessed while a kernel thread ran: it has no user address space (active_mm is "
                            + "the kernel's own), so nothing could be mapped there; usually a NULL or bogus pointer.")),
            rule("^(?<which>user|swapper) pgtable: (?<page>\\w++) pages, (?<va>\\d++)-bit VAs, pgdp=(?<pgd>[0-9a-f]{1,16}+)",
                    (m, c) -> List.of("The page tables walked for the address: " + (m.group("which").equals("user")
                            ? "the task's user tables" : "the kernel's own (swapper) tables") + ", " + m.group("page")
                            + " pages, " + m.group("va") + "-bit virtual addresses, top-level table at 0x" + m.group("pgd") + ".")),
            rule("^\\[(?<addr>[0-9a-f]{1,16}+)\\] pgd=(?<pgd>[0-9a-f]{1,16}+)", FaultRules::arm64Walk));

    /** Error-code bits the first sentence already reads out: access, mode, present. */
    private static final java.util.Set<String> SUMMED_UP = java.util.Set.of("P", "W/R", "U/S");
    private static final Pattern WALK_ENTRY = Pattern.compile("(\\*?\\w++)(?: = | )([0-9a-f]{1,16}+)");
    private static final Pattern ARM64_WALK_ENTRY = Pattern.compile("(pgd|p4d|pud|pmd|pte)=([0-9a-f]{1,16}+)");
    /** Bits 51:12 of a page-table entry: the physical address of the next table or the page. */
    private static final long PHYS_MASK = 0x000f_ffff_ffff_f000L;
    private static final int PRESENT = 0;
    private static final int WRITABLE = 1;
    private static final int USER = 2;
    private static final int HUGE = 7;
    private static final int NX = 63;

    private FaultRules() {
    }

    private static List<String> pfAccess(Matcher m, LineContext c) {
        String who = m.group("who").equals("supervisor") ? "supervisor (kernel) code" : "user-mode code";
        String what = switch (m.group("what")) {
            case "read access" -> "read";
            case "write access" -> "write";
            case "instruction fetch" -> "instruction fetch (it tried to execute code at the address)";
            default -> "shadow-stack access";
        };
        List<String> out = new ArrayList<>();
        out.add("#PF is the page-fault exception: a " + what + " by " + who + ", with the CPU in "
                + m.group("mode") + " mode" + (m.group("who").equals("supervisor") && m.group("mode").equals("kernel")
                ? ": the kernel itself made the bad access, not user space." : "."));
        if (m.group("what").equals("instruction fetch")) {
            out.add("An instruction fetch at a bad address means a call or jump through a bad function pointer.");
        }
        return out;
    }

    private static List<String> pfCode(Matcher m, LineContext c) {
        var parsed = X86PageFaultErrorCode.parseErrorCodeLine(c.text()).orElse(null);
        if (parsed == null) {
            return List.of();
        }
        long code = parsed.errorCode();
        List<String> out = new ArrayList<>();
        out.add("Error code " + String.format("0x%04x", code) + " pushed by the CPU: " + X86PageFaultErrorCode.access(code)
                + ", " + X86PageFaultErrorCode.mode(code) + " mode, " + X86PageFaultErrorCode.reason(code) + ".");
        for (Decoded d : X86PageFaultErrorCode.decode(code)) {
            if (!SUMMED_UP.contains(d.name())) {
                out.add(d.name() + "=" + d.value() + ": " + d.meaning() + ".");
            }
        }
        return out;
    }

    /** The x86 {@code dump_pagetable()} walk: each level's entry, from the top, until one is empty. */
    private static List<String> pageWalk(Matcher m, LineContext c) {
        List<String> entries = new ArrayList<>();
        Matcher e = WALK_ENTRY.matcher(c.text());
        while (e.find()) {
            entries.add(entry(e.group(1), Hex.parse(e.group(2))));
        }
        return List.of("The page-table walk for the fault address, top level first, stopping at the first entry that is "
                + "not present: " + String.join("; ", entries) + ".");
    }

    private static String entry(String level, long value) {
        if (value == 0) {
            return level + " 0: empty, nothing is mapped at this level";
        }
        if ((value >>> PRESENT & 1) == 0) {
            return level + " " + Hex.of(value) + ": not present (swapped out or being set up)";
        }
        List<String> bits = new ArrayList<>();
        bits.add((value >>> WRITABLE & 1) != 0 ? "writable" : "read-only");
        bits.add((value >>> USER & 1) != 0 ? "user-accessible" : "kernel-only");
        if ((value >>> NX & 1) != 0) {
            bits.add("not executable");
        }
        boolean huge = (level.equals("PUD") || level.equals("PMD")) && (value >>> HUGE & 1) != 0;
        boolean leaf = huge || level.toLowerCase(Locale.ROOT).endsWith("pte");
        return level + " " + Hex.of(value) + ": present, " + String.join(", ", bits) + "; "
                + (leaf ? "maps the page at physical " : "next table at physical ") + Hex.of(value & PHYS_MASK);
    }

    private static List<String> oops(Matcher m, LineContext c) {
        List<String> out = new ArrayList<>(OopsWords.explain(c.text(), c.report()));
        String meaning = c.text().startsWith("Internal error")
                ? "arm64's oops line: the kernel took an exception it cannot handle; the faulting task will be killed"
                : "Oops: the kernel took an exception it cannot handle in kernel code; the faulting task will be killed "
                        + "and the kernel continues, unless panic_on_oops is set";
        int count = 0;
        while (count < out.size() && !out.get(count).startsWith("[#")) {
            count++;
        }
        if (count < out.size()) {
            out.set(count, meaning + "; " + out.get(count));
        } else {
            out.add(0, meaning + ".");
        }
        return out;
    }

    private static List<String> esr(Matcher m, LineContext c) {
        long esr = Hex.parse(m.group("esr"));
        List<String> out = new ArrayList<>();
        out.add("ESR " + Hex.of(esr) + ", the exception syndrome register of this memory abort: it says why the "
                + "exception was taken; its fields follow, the data-abort ones after \"Data abort info:\".");
        Long oopsEsr = c.report().details().fault() == null ? null : c.report().details().fault().errorCode();
        if (oopsEsr != null && oopsEsr != esr) {
            out.add("It differs from the ESR in the Oops line (" + Hex.of(oopsEsr) + "): one of them was damaged in "
                    + "transcription; the fields below are read against the Oops line's value.");
        }
        return out;
    }

    /** {@code EC = 0x25: DABT (current EL), IL = 32 bits}: each field read from the report's decoded ESR. */
    private static List<String> abortFields(Matcher m, LineContext c) {
        var fault = c.report().details().fault();
        List<Decoded> decoded = fault == null ? List.of() : fault.decoded();
        List<String> out = new ArrayList<>();
        for (String field : c.text().split(",\\s*+(?=[A-Za-z0-9]++ = )")) {
            int eq = field.indexOf(" = ");
            if (eq < 0) {
                continue;
            }
            String name = field.substring(0, eq).strip();
            String printed = field.substring(eq + 3).strip();
            decoded.stream().filter(d -> d.name().equals(name) || name.equals("FSC") && d.name().endsWith("FSC"))
                    .findFirst().ifPresent(d -> out.add(name + " = " + shown(printed) + (agrees(printed, d.value())
                            ? ": " + d.meaning() : ", but the ESR says " + d.value() + ": " + d.meaning())));
        }
        return out.isEmpty() ? out : List.of(String.join("; ", out) + ".");
    }

    /** The printed value without the kernel's own label: {@code 0x25} of {@code 0x25: DABT (current EL)}. */
    private static String shown(String printed) {
        return printed.endsWith("bits") ? printed : printed.split("[:\\s]", 2)[0];
    }

    /** Whether a printed field ({@code 0x25: DABT ...}, {@code 32 bits}) has the decoded value. */
    private static boolean agrees(String printed, String value) {
        String p = printed.split("[:\\s]", 2)[0];
        if (printed.endsWith("bits")) {
            return value.equals(p.equals("32") ? "1" : "0");
        }
        try {
            return Long.decode(p).equals(Long.decode(value));
        } catch (NumberFormatException e) {
            return p.equals(value);
        }
    }

    /** arm64 {@code show_pte()}: {@code [addr] pgd=..., p4d=..., pud=..., pmd=..., pte=...}. */
    private static List<String> arm64Walk(Matcher m, LineContext c) {
        List<String> entries = new ArrayList<>();
        Matcher e = ARM64_WALK_ENTRY.matcher(c.text());
        while (e.find()) {
            long v = Hex.parse(e.group(2));
            entries.add(e.group(1) + "=" + (v == 0 ? "0: empty, nothing is mapped at this level"
                    : Hex.of(v) + ((v & 1) != 0 ? ": valid entry" : ": invalid entry (bit 0 clear)")));
        }
        return List.of("The page-table walk for 0x" + m.group("addr") + ", top level first, stopping at the first invalid "
                + "entry: " + String.join("; ", entries) + ".");
    }
}
