package org.koops.server;

import java.time.Duration;

/**
 * What the analysis of one log may take. A log past a limit is kept, marked failed with the limit it
 * passed, and an admin can have it analysed again (after raising the limit).
 *
 * @param maxExpandedBytes the most bytes analysed, decompressed ({@code koops serve --max-expanded-size})
 * @param maxReports       the most crash reports in one log, pasted copies included: each costs an analysis
 * @param cpu              the CPU time one analysis may take ({@code koops serve --max-analysis-seconds})
 * @param bigBytes         a log is big once this many bytes are read (decompressed) ...
 * @param bigCpu           ... or once its analysis took this much CPU time: it then waits for a slot of the
 *                         big logs, so that small logs never queue behind it
 * @param keepAliveAfter   a submission still being analysed after this long gets its answer's headers, then a
 *                         space every {@code keepAliveEvery}, which tells the server when its client is gone
 * @param keepAliveEvery   see {@code keepAliveAfter}
 * @param storeFirstAfter  a log whose analysis runs longer than this is stored on its own before the analysis
 *                         ends ({@link EarlyStore}); a small log takes a few milliseconds even on a busy
 *                         machine, and this stays well below what a submitter notices
 */
record AnalysisLimits(long maxExpandedBytes, int maxReports, Duration cpu, long bigBytes, Duration bigCpu,
                      Duration keepAliveAfter, Duration keepAliveEvery, Duration storeFirstAfter) {
    static final AnalysisLimits DEFAULT = new AnalysisLimits(1024L << 20, 10_000, Duration.ofSeconds(60), 8L << 20,
            Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMillis(50));

    AnalysisLimits withMaxExpandedBytes(long value) {
        return new AnalysisLimits(value, maxReports, cpu, bigBytes, bigCpu, keepAliveAfter, keepAliveEvery,
                storeFirstAfter);
    }

    AnalysisLimits withMaxReports(int value) {
        return new AnalysisLimits(maxExpandedBytes, value, cpu, bigBytes, bigCpu, keepAliveAfter, keepAliveEvery,
                storeFirstAfter);
    }

    AnalysisLimits withCpu(Duration value) {
        return new AnalysisLimits(maxExpandedBytes, maxReports, value, bigBytes, bigCpu, keepAliveAfter,
                keepAliveEvery, storeFirstAfter);
    }

    AnalysisLimits withKeepAlive(Duration after, Duration every) {
        return new AnalysisLimits(maxExpandedBytes, maxReports, cpu, bigBytes, bigCpu, after, every, storeFirstAfter);
    }

    AnalysisLimits withStoreFirstAfter(Duration value) {
        return new AnalysisLimits(maxExpandedBytes, maxReports, cpu, bigBytes, bigCpu, keepAliveAfter, keepAliveEvery,
                value);
    }
}
