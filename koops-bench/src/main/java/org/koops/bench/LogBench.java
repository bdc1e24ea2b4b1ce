package org.koops.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the benchmarks of one log share: how they are run, and the logs. The logs are the project's own: the
 * sample (one oops, 71 lines) and whole consoles of the crash lab (a boot then a report, 400 to 700 lines).
 * Any other log: {@code -p log=/path/to/file}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public abstract class LogBench {
    @Param({"samples/null-deref-proc-read.log", "lab/fixtures/x86_64/hung-task.log",
            "lab/fixtures/arm64/uaf-poison.log"})
    public String log;

    /** The log's bytes, for a benchmark's setup. */
    protected final byte[] readLog() throws IOException {
        return Files.readAllBytes(RepositoryFiles.resolve(log));
    }
}
