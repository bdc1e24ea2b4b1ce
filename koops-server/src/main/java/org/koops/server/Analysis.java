package org.koops.server;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One log's analysis held to its {@link AnalysisLimits}: checked after every report and every few
 * megabytes read, on the analysing thread itself. It holds a slot of {@link AnalysisSlots} from start
 * to close, moving to the lane of big logs once the log turns out big.
 *
 * <p>It ends early, by throwing {@link Stop} out of the scan, when the log passes a limit (the log is
 * then marked failed with the limit it passed), when the request that waits for it is gone, or when
 * the server stops (the log then stays pending: the recovery analyses it later, in the background).
 */
final class Analysis implements AutoCloseable {
    /** Why an analysis ended before the log did. */
    static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;
        /** True when the log is marked failed with this message; false when it stays pending. */
        final boolean failed;

        Stop(String message, boolean failed) {
            super(message, null, false, false);
            this.failed = failed;
        }
    }

    /** Whoever waits for the analysis: a request, which may hang up, or the server itself. */
    @FunctionalInterface
    interface Client {
        /** Whether the client is gone, so that the analysis is of no use to it now. */
        boolean gone();
    }

    static final Client SERVER = () -> false;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long WAIT_STEP_MILLIS = 200;

    private final AnalysisLimits limits;
    private final AnalysisSlots slots;
    private final BooleanSupplier stopping;
    private final Client client;
    private final long cpuStart;
    private Semaphore held;
    private long bytesRead;
    private int reports;

    private Analysis(AnalysisLimits limits, AnalysisSlots slots, BooleanSupplier stopping, Client client) {
        this.limits = limits;
        this.slots = slots;
        this.stopping = stopping;
        this.client = client;
        this.cpuStart = cpuNanos();
    }

    /** Waits for a slot of small logs; {@link Stop} when the client leaves or the server stops meanwhile. */
    static Analysis start(AnalysisLimits limits, AnalysisSlots slots, BooleanSupplier stopping, Client client) {
        Analysis a = new Analysis(limits, slots, stopping, client);
        a.acquire(slots.small);
        return a;
    }

    /** After each report found, pasted copies included: each one cost an analysis. */
    void report() {
        if (++reports > limits.maxReports()) {
            throw new Stop("more than " + limits.maxReports() + " crash reports in one log (pasted copies included)",
                    true);
        }
        check();
    }

    /** From time to time, with the count of (decompressed) bytes read so far. */
    void progress(long bytes) {
        bytesRead = bytes;
        if (bytes > limits.maxExpandedBytes()) {
            throw new Stop("the log is larger than " + TooLarge.megabytes(limits.maxExpandedBytes())
                    + " once decompressed (koops serve --max-expanded-size)", true);
        }
        check();
    }

    private void check() {
        stillWanted();
        long cpu = cpuNanos() - cpuStart;
        if (cpu > limits.cpu().toNanos()) {
            throw new Stop("the analysis took more than " + java.math.BigDecimal.valueOf(limits.cpu().toMillis(), 3)
                    .stripTrailingZeros().toPlainString() + " s of CPU time"
                    + " (koops serve --max-analysis-seconds)", true);
        }
        if (held == slots.small && (bytesRead > limits.bigBytes() || cpu > limits.bigCpu().toNanos())) {
            release();
            acquire(slots.big);
        }
    }

    private void stillWanted() {
        if (stopping.getAsBoolean()) {
            throw new Stop("the server is stopping", false);
        }
        if (client.gone()) {
            throw new Stop("the request that sent the log is gone", false);
        }
    }

    private void acquire(Semaphore lane) {
        try {
            while (!lane.tryAcquire(WAIT_STEP_MILLIS, TimeUnit.MILLISECONDS)) {
                stillWanted();
            }
            held = lane;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stop("interrupted while waiting to be analysed", false);
        }
    }

    private void release() {
        if (held != null) {
            held.release();
            held = null;
        }
    }

    @Override
    public void close() {
        release();
    }

    /** This thread's CPU time; its wall-clock time where the JVM cannot tell. */
    private static long cpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }
}
