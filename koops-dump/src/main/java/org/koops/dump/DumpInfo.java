package org.koops.dump;

import java.time.Instant;
import java.util.List;

/**
 * What a vmcore says about itself and the kernel it holds, besides the log.
 *
 * @param format      {@code ELF}, {@code kdump compressed}, or either with {@code flattened} in front
 * @param machine     {@code x86_64} or {@code aarch64}
 * @param release     the kernel release (VMCOREINFO's OSRELEASE), or {@code null}
 * @param buildId     the kernel's GNU build id in hexadecimal (VMCOREINFO's BUILD-ID, Linux 5.9 and
 *                    later), for a debuginfod lookup of its vmlinux; or {@code null}
 * @param crashTime   when the kernel crashed (VMCOREINFO's CRASHTIME), or {@code null}
 * @param pageSize    the kernel's page size
 * @param vmcoreinfo  where the VMCOREINFO came from: {@code note}, or {@code found in memory} when the
 *                    dump lacks the note and koops found the text in the dumped memory
 * @param crashingCpu the CPU that handled the crash when the dump says (kdump compressed headers), or {@code null}
 * @param cpus        each CPU's saved registers
 */
public record DumpInfo(String format, String machine, String release, String buildId, Instant crashTime,
                       int pageSize, String vmcoreinfo, Integer crashingCpu, List<CpuState> cpus) {
    public DumpInfo {
        cpus = List.copyOf(cpus);
    }
}
