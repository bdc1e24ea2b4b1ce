package org.koops.server;

import java.util.concurrent.Semaphore;

/**
 * The analyses that may run at once, in two lanes. Every log starts in the lane of small logs; one that
 * turns out big ({@link AnalysisLimits#bigBytes}, {@link AnalysisLimits#bigCpu}) gives its slot back and
 * waits for one of the few slots of big logs: big logs take turns among themselves, on at most half the
 * cores. The small lane has slots for more logs than there are cores, so that logs not yet known to be
 * big (each for at most its first {@link AnalysisLimits#bigCpu}) do not fill it: a small log does not
 * wait behind big ones.
 */
final class AnalysisSlots {
    final Semaphore small;
    final Semaphore big;

    AnalysisSlots(int small, int big) {
        this.small = new Semaphore(small, true);
        this.big = new Semaphore(big, true);
    }

    /** Four small slots per core, a big one per two cores (at least one). */
    static AnalysisSlots forThisMachine() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new AnalysisSlots(4 * cores, Math.max(1, cores / 2));
    }
}
