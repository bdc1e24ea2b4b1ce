package org.koops.model;

import java.util.List;

/**
 * The running task and the kernel it ran on: the {@code CPU: 0 PID: 26677 Comm: cat Tainted: P OE 6.8.0-59-generic
 * #61~22.04.1-Ubuntu} line, or an older form of it ({@code Pid: 3, comm: ksoftirqd/0 Not tainted 3.3.7-1.fc16.x86_64 #1}),
 * completed by a line that names only the kernel (lockdep's {@code 3.6.0-rc1 #296 Tainted: G        W}, a hung task's
 * {@code Tainted: G OE 6.1.0-57-amd64 #1 Debian}).
 *
 * @param cpu       the CPU, or {@code null} when the line does not name it
 * @param pid       the task's PID, or {@code null} when the report names no task, only the kernel
 * @param comm      the task's command, or {@code null} when the report names no task, only the kernel
 * @param taintText the taint field after {@code Tainted:} as printed (RHEL's {@code -} columns included), or
 *                  {@code null} for {@code Not tainted} or when the report does not say
 * @param taints    the decoded taint letters (empty when not tainted)
 * @param release   kernel release, e.g. {@code 6.8.0-59-generic}, or {@code null} when the report does not print it
 * @param build     build string after the release, e.g. {@code #61~22.04.1-Ubuntu}
 * @param line      the line it was read from
 */
public record Task(Integer cpu, Integer pid, String comm, String taintText, List<Taint> taints, String release,
                   String build, long line) {
    /** Whether any taint flag is set ({@code G} alone only says that all modules are GPL). */
    public boolean tainted() {
        return taints.stream().anyMatch(t -> t.bit() >= 0);
    }

    /** Whether the report names the task (its command and PID), not only the kernel. */
    public boolean named() {
        return comm != null && pid != null;
    }
}
