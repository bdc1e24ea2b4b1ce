package org.koops.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

import org.koops.Koops;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The analysis of one whole log, in memory: what {@code koops serve} does for each submission (the
 * diagnosis's facts only) and what {@code koops explain} does (the full diagnosis, without a
 * disassembler, which is a native tool's time). Add {@code -prof gc} for the bytes allocated a log.
 *
 * <p>The logs are the project's own: the sample (one oops, 71 lines) and whole consoles of the crash lab
 * (a boot then a report, 400 to 700 lines). Any other log: {@code -p log=/path/to/file}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AnalysisBench {
    @Param({"samples/null-deref-proc-read.log", "lab/fixtures/x86_64/hung-task.log",
            "lab/fixtures/arm64/uaf-poison.log"})
    public String log;

    private byte[] bytes;
    private final Koops server = Koops.create().withDiagnosisFactsOnly();
    private final Koops explain = Koops.create().withoutDisassembler();

    @Setup
    public void read() throws IOException {
        bytes = Files.readAllBytes(RepositoryFiles.resolve(log));
    }

    /** As the server analyses a submission: the reports with their diagnosis's facts. */
    @Benchmark
    public void serverAnalysis(Blackhole out) throws IOException {
        server.scan(new ByteArrayInputStream(bytes), out::consume, bytes -> { });
    }

    /** As {@code koops explain} analyses a log: every report explained in full. */
    @Benchmark
    public void explain(Blackhole out) throws IOException {
        explain.scan(new ByteArrayInputStream(bytes), out::consume, bytes -> { });
    }
}
