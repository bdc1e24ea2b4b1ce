package org.koops.explain;

import java.util.ArrayList;
import java.util.List;

/**
 * The fields of {@code preempt_count}: preemption-disable depth (bits 0-7), softirq count (8-15),
 * hardirq depth (16-19) and NMI depth (20-23), per {@code include/linux/preempt.h}.
 */
final class PreemptCount {

    private PreemptCount() {
    }

    static String describe(long count) {
        if (count == 0) {
            return "preempt_count 0: fully preemptible, not in any interrupt";
        }
        List<String> parts = new ArrayList<>();
        long preempt = count & 0xff;
        long softirq = (count >>> 8) & 0xff;
        long hardirq = (count >>> 16) & 0xf;
        long nmi = (count >>> 20) & 0xf;
        if (preempt != 0) {
            parts.add(preempt + " level(s) of preempt_disable() (a spinlock held, or explicit)");
        }
        if ((softirq & 1) != 0) {
            parts.add("serving a softirq");
        }
        if (softirq >>> 1 != 0) {
            parts.add("softirqs disabled " + (softirq >>> 1) + " time(s) (local_bh_disable or a _bh lock)");
        }
        if (hardirq != 0) {
            parts.add("in a hardware interrupt handler");
        }
        if (nmi != 0) {
            parts.add("in an NMI");
        }
        return "preempt_count " + Hex.of(count) + ": " + String.join(", ", parts);
    }
}
