package org.koops.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.koops.Koops;
import org.koops.model.CrashReport;
import org.koops.model.Damage;
import org.koops.parse.ReportParser;
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
 * The reading of a report's fields alone ({@link ReportParser}: registers, call trace, code, modules, task), over
 * the lines of every report the scan finds in a log, each with the architecture the scan told. The part of
 * {@link AnalysisBench} that turns a report's lines into its details, without finding, titling or diagnosing it.
 *
 * <pre>java -jar koops-bench/target/benchmarks.jar ParseBench -prof gc</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParseBench {
    @Param({"samples/null-deref-proc-read.log", "lab/fixtures/x86_64/hung-task.log",
            "lab/fixtures/arm64/uaf-poison.log"})
    public String log;

    private final List<CrashReport> reports = new ArrayList<>();

    @Setup
    public void read() throws IOException {
        byte[] bytes = Files.readAllBytes(RepositoryFiles.resolve(log));
        Koops.create().withDiagnosisFactsOnly().scan(new ByteArrayInputStream(bytes), reports::add, read -> { });
    }

    /** Every report's lines read into its details. */
    @Benchmark
    public void parse(Blackhole out) {
        for (CrashReport r : reports) {
            out.consume(ReportParser.parse(r.lines(), null, List.<Damage>of(), r.arch()));
        }
    }
}
