package org.koops.explain;

import static org.koops.explain.LineRule.fixed;
import static org.koops.explain.LineRule.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

import org.koops.decode.X86MachineCheck;
import org.koops.model.Decoded;

/**
 * Machine checks: the CPU's own reports of hardware errors (x86 {@code mce:} lines, old kernels' {@code CPU n:
 * Machine Check Exception}) and the firmware's APEI records. None of them is a software bug.
 */
final class HardwareRules {
    private static final String HW = "(?:mce: )?(?:\\{\\d++\\})?\\[Hardware Error\\]: ";

    static final List<LineRule> RULES = List.of(
            rule("^(?:" + HW + ")?CPU (?<cpu>\\d++): Machine Check(?<exc> Exception)?: (?<mcg>[0-9a-f]{1,16}+)"
                    + "(?: Bank (?<bank>\\d++): (?<status>[0-9a-f]{16}+))?", HardwareRules::machineCheck),
            rule("^(?:" + HW + ")?Bank (?<bank>\\d++): (?<status>[0-9a-f]{16}+)(?: at (?<addr>[0-9a-f]++))?",
                    (m, c) -> bank(m.group("bank"), m.group("status"), m.group("addr"))),
            rule("^" + HW + "RIP (?<inexact>!INEXACT! )?(?:[0-9a-f]{2}+:)?<(?<rip>[0-9a-f]++)>(?: \\{(?<where>[^}]++)\\})?",
                    (m, c) -> List.of(m.group("inexact") != null
                            ? "Where the CPU happened to be when the machine check arrived; !INEXACT! says the error did not "
                                    + "happen at this instruction, so the code there is not to blame."
                            : "The instruction the error is tied to" + (m.group("where") == null ? "" : ", in "
                                    + m.group("where")) + ".")),
            rule("^" + HW + "TSC [0-9a-f]++(?: ADDR (?<addr>[0-9a-f]++))?(?: MISC [0-9a-f]++)?", (m, c) -> List.of(
                    "The CPU's time stamp counter at the error" + (m.group("addr") == null ? "." : "; ADDR 0x" + m.group("addr")
                            + " is the physical address it concerns (a page of RAM, for a memory error)."))),
            fixed("^" + HW + "PROCESSOR ", "The CPU: vendor and CPUID signature, the time, its socket and APIC id, and its "
                    + "microcode revision (outdated microcode is a known cause of machine checks)."),
            fixed("^" + HW + "Run the above through 'mcelog --ascii'", "The kernel does not decode the banks itself: mcelog "
                    + "or rasdaemon does, from these lines or from their own logs."),
            rule("^" + HW + "Machine check: (?<why>.++)$", (m, c) -> List.of("Why the machine check is fatal: " + m.group("why")
                    + ". The kernel cannot continue safely and panics.")),
            fixed("^" + HW + "Machine check events logged", "The CPU logged machine check events it corrected (or could "
                    + "recover from); the details are in mcelog's or rasdaemon's log. A hardware error, not a software bug: "
                    + "the same CPU, bank or memory module coming up again and again is failing."),
            fixed("^(?:mce: )?Machine check events logged", "The CPU logged machine check events it corrected (or could "
                    + "recover from); the details are in mcelog's or rasdaemon's log. A hardware error, not a software bug."),
            rule("^" + HW + "Hardware error from APEI Generic Hardware Error Source: (?<n>\\d++)", (m, c) -> List.of(
                    "The firmware (ACPI APEI, source " + m.group("n") + ") reports a hardware error; the record follows.")),
            rule("^" + HW + "event severity: (?<severity>\\w++)", (m, c) -> List.of(switch (m.group("severity")) {
                case "corrected" -> "Corrected: the hardware fixed the error; nothing was lost, but it may recur.";
                case "recoverable" -> "Recoverable: the error was not corrected, but the system could contain it.";
                case "fatal" -> "Fatal: the error could not be contained; the system stops.";
                default -> "The severity the firmware gives the error: " + m.group("severity") + ".";
            })));

    private HardwareRules() {
    }

    private static List<String> machineCheck(Matcher m, LineContext c) {
        List<String> out = new ArrayList<>();
        out.add("CPU " + m.group("cpu") + " signalled a machine check" + (m.group("exc") == null ? "" : " exception")
                + ": the processor itself detected a hardware error (in memory, a cache, the bus or the core). This is "
                + "not a software bug.");
        long mcg = Hex.parse(m.group("mcg"));
        List<Decoded> global = X86MachineCheck.globalStatus(mcg);
        if (!global.isEmpty()) {
            out.add("MCG_STATUS 0x" + m.group("mcg") + ": " + describe(global) + ".");
        }
        if (m.group("status") != null) {
            out.addAll(bank(m.group("bank"), m.group("status"), null));
        }
        return out;
    }

    private static List<String> bank(String bank, String hex, String address) {
        long status = Hex.parse(hex);
        List<String> out = new ArrayList<>();
        out.add("Bank " + bank + " (one hardware unit's error registers), status 0x" + hex + ": "
                + describe(X86MachineCheck.bankStatus(status)) + ".");
        out.add(X86MachineCheck.corrected(status) ? "The hardware corrected the error." : "The error was not corrected.");
        if (address != null) {
            out.add("At physical address " + Hex.of(Hex.parse(address)) + ".");
        }
        return out;
    }

    private static String describe(List<Decoded> fields) {
        return String.join("; ", fields.stream().map(d -> d.name() + " (" + d.meaning() + ")").toList());
    }
}
