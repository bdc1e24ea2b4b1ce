package org.koops.model;

import java.util.List;

/**
 * Everything parsed from one report's lines.
 *
 * @param message      the header message, e.g. {@code kernel NULL pointer dereference, address: 0000000000000001}
 * @param oops         the {@code Oops: 0000 [#1] PREEMPT SMP PTI} line's fields, or {@code null}
 * @param fault        the decoded memory fault, or {@code null}
 * @param task         the {@code CPU: ... PID: ... Comm:} line, or {@code null}
 * @param hardware     the {@code Hardware name:} text, or {@code null}
 * @param registers    register dumps in log order (kernel state first, then user-space state)
 * @param code         {@code Code:} lines in log order
 * @param frames       the call trace, unreliable entries included
 * @param modules      the {@code Modules linked in:} list, or {@code null}
 * @param procModule   a {@code /proc/modules} line for a module of this report, or {@code null}
 * @param panic        the {@code Kernel panic - not syncing:} message, or {@code null}
 * @param endTraceId   the id in {@code ---[ end trace 0649c022fe22029f ]---}, or {@code null}
 * @param kernelOffset the KASLR {@code Kernel Offset:} text, or {@code null}
 * @param notes        other notable lines, such as {@code note: cat[26677] exited with irqs disabled}
 * @param damage       parts that could not be read
 */
public record ReportDetails(String message, OopsLine oops, FaultInfo fault, Task task, String hardware,
                            List<RegisterDump> registers, List<CodeBytes> code, List<Frame> frames,
                            ModuleList modules, ProcModule procModule, String panic, String endTraceId,
                            String kernelOffset, List<String> notes, List<Damage> damage) {

    /** The kernel-mode register dump at the fault, if printed. */
    public java.util.Optional<RegisterDump> kernelRegisters() {
        return registers.stream().filter(r -> !r.userSpace()).findFirst();
    }

    /** The interrupted user-space registers, if printed. */
    public java.util.Optional<RegisterDump> userRegisters() {
        return registers.stream().filter(RegisterDump::userSpace).findFirst();
    }

    /** The kernel-mode {@code Code:} line, if printed. */
    public java.util.Optional<CodeBytes> kernelCode() {
        return code.stream().filter(c -> !c.userSpace()).findFirst();
    }
}
