package org.koops.server;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the ingestion benchmark costs in CPU: the process's CPU time over the measured window, the part
 * of it spent by the clients' threads (the server alone is the rest), and how busy the whole machine
 * was. On a shared machine the throughput alone says little; the CPU time per report says what it
 * costs. Also waits for the JIT compilers to be done, since their work is a start-up cost and not
 * part of sustained ingestion.
 */
final class BenchCpu {
    /** Names of the threads of the clients, which send their requests themselves. */
    static final String CLIENT_THREADS = "bench-client";
    /** The server's threads that answer requests (Javalin's Jetty pool) and the one that writes. */
    private static final String REQUEST_THREADS = "JettyServerThreadPool";
    private static final String WRITER_THREAD = "koops-writer";
    /** The JIT is done warming up when it compiles less than this share of the time. */
    private static final double JIT_QUIET = 0.05;
    private static final long JIT_PERIOD_MS = 5_000;
    /** Linux's USER_HZ, the unit of {@code /proc/PID/stat}'s times: 100 on every architecture it runs on. */
    private static final long CLOCK_TICKS = 100;

    private final com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
            ManagementFactory.getOperatingSystemMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    /** The database's processes on this machine ({@code /proc/PID/stat}), or none. */
    private final List<Path> database;
    private long databaseCpu = -1;
    private long processCpu;
    private long clientCpu;
    private long requestCpu;
    private long writerCpu;
    private double loadSum;
    private int loadSamples;

    /**
     * @param databasePids the processes of the database server that serve this process's connections; those
     *                     running on this machine are measured too
     */
    BenchCpu(List<Long> databasePids) {
        List<Path> local = new ArrayList<>();
        for (long pid : databasePids) {
            Path stat = Path.of("/proc", Long.toString(pid), "stat");
            if (commandOf(pid).contains("postgres") && Files.isReadable(stat)) { // not another machine's pid
                local.add(stat);
            }
        }
        this.database = List.copyOf(local);
    }

    /**
     * Waits {@code minSeconds}, then until the JIT compilers spend less than 5% of 5 s compiling, at
     * most {@code maxSeconds} in all. Returns true when the compilers went quiet.
     */
    static boolean warmUp(int minSeconds, int maxSeconds) throws InterruptedException {
        long start = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(minSeconds));
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return true;
        }
        long compiled = jit.getTotalCompilationTime();
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(maxSeconds)) {
            Thread.sleep(JIT_PERIOD_MS);
            long now = jit.getTotalCompilationTime();
            if (now - compiled < JIT_PERIOD_MS * JIT_QUIET) {
                return true;
            }
            compiled = now;
        }
        return false;
    }

    /** Measures from now until {@code endNanos} ({@link System#nanoTime}), from the calling thread. */
    void measure(long endNanos) throws InterruptedException {
        long processAtStart = os.getProcessCpuTime();
        long clientsAtStart = threadsCpu(CLIENT_THREADS);
        long requestsAtStart = threadsCpu(REQUEST_THREADS);
        long writerAtStart = threadsCpu(WRITER_THREAD);
        long databaseAtStart = databaseTicks();
        os.getCpuLoad(); // the first reading has no interval
        while (System.nanoTime() < endNanos) {
            Thread.sleep(Math.max(1, Math.min(1000, (endNanos - System.nanoTime()) / 1_000_000)));
            double load = os.getCpuLoad();
            if (load >= 0) {
                loadSum += load;
                loadSamples++;
            }
        }
        processCpu = os.getProcessCpuTime() - processAtStart;
        clientCpu = threadsCpu(CLIENT_THREADS) - clientsAtStart;
        requestCpu = threadsCpu(REQUEST_THREADS) - requestsAtStart;
        writerCpu = threadsCpu(WRITER_THREAD) - writerAtStart;
        if (!database.isEmpty()) {
            databaseCpu = (databaseTicks() - databaseAtStart) * (1_000_000_000L / CLOCK_TICKS);
        }
    }

    /** The database's processes on this machine, or a negative number when none was measured. */
    double databaseSeconds() {
        return databaseCpu < 0 ? -1 : databaseCpu / 1e9;
    }

    /** User and system time of the database's processes, in clock ticks (fields 14 and 15 of {@code stat}). */
    private long databaseTicks() {
        long ticks = 0;
        for (Path stat : database) {
            try {
                String s = Files.readString(stat);
                // The command name in parentheses may hold spaces: the fields are counted after it.
                String[] fields = s.substring(s.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException | RuntimeException e) {
                // the process ended: its time since the last reading is lost, the rest still counts
            }
        }
        return ticks;
    }

    private static String commandOf(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"));
        } catch (IOException e) {
            return "";
        }
    }

    double processSeconds() {
        return processCpu / 1e9;
    }

    double clientSeconds() {
        return clientCpu / 1e9;
    }

    /** The server's threads that answer requests: receiving, analysing, answering. */
    double requestSeconds() {
        return requestCpu / 1e9;
    }

    /** The server's database writer: statements and commits. */
    double writerSeconds() {
        return writerCpu / 1e9;
    }

    double machineLoad() {
        return loadSamples == 0 ? 0 : loadSum / loadSamples;
    }

    /**
     * The CPU time of the live threads whose names start with {@code prefix}. The threads measured live
     * for the whole run (pools of fixed size), so the difference of two sums is their CPU time.
     */
    private long threadsCpu(String prefix) {
        long sum = 0;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith(prefix)) {
                sum += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }
}
