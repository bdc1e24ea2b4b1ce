package org.koops.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import org.koops.Koops;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The analysis of one whole log, in memory: what {@code koops serve} does for each submission (the
 * diagnosis's facts only) and what {@code koops explain} does (the full diagnosis, without a
 * disassembler, which is a native tool's time). Add {@code -prof gc} for the bytes allocated a log.
 */
public class AnalysisBench extends LogBench {
    private byte[] bytes;
    private final Koops server = Koops.create().withDiagnosisFactsOnly();
    private final Koops explain = Koops.create().withoutDisassembler();

    @Setup
    public void read() throws IOException {
        bytes = readLog();
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
