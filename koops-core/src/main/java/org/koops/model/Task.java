package org.koops.model;

import java.util.List;

/**
 * The {@code CPU: 0 PID: 26677 Comm: cat Tainted: P OE 6.8.0-59-generic #61~22.04.1-Ubuntu} line.
 *
 * @param taintText the letters after {@code Tainted:} as printed, or {@code null} for {@code Not tainted}
 * @param taints    the decoded taint letters (empty when not tainted)
 * @param release   kernel release, e.g. {@code 6.8.0-59-generic}
 * @param build     build string after the release, e.g. {@code #61~22.04.1-Ubuntu}
 */
public record Task(Integer cpu, Integer pid, String comm, String taintText, List<Taint> taints, String release,
                   String build, long line) {
    /** Whether any taint flag is set ({@code G} alone only says that all modules are GPL). */
    public boolean tainted() {
        return taints.stream().anyMatch(t -> t.bit() >= 0);
    }
}
