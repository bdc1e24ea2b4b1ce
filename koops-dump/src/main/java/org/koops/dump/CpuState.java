package org.koops.dump;

import java.util.Map;

/**
 * The registers of one CPU as the dump saved them (its NT_PRSTATUS note): at the crash for a kdump,
 * when the dump was taken for a hypervisor's dump of a stopped guest.
 *
 * @param cpu       the note's index among the CPUs' notes
 * @param pid       the process the note names (pr_pid): the task running on that CPU
 * @param registers by name, in the order of the architecture's {@code user_regs_struct}
 */
public record CpuState(int cpu, int pid, Map<String, Long> registers) {
    public CpuState {
        registers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(registers));
    }
}
