package org.koops.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.koops.Koops;
import org.koops.model.CrashReport;
import org.koops.model.Damage;
import org.koops.parse.ReportParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The reading of a report's fields alone ({@link ReportParser}: registers, call trace, code, modules, task), over
 * the lines of every report the scan finds in a log, each with the architecture the scan told. The part of
 * {@link AnalysisBench} that turns a report's lines into its details, without finding, titling or diagnosing it.
 *
 * <pre>java -jar koops-bench/target/benchmarks.jar ParseBench -prof gc</pre>
 */
public class ParseBench extends LogBench {
    private final List<CrashReport> reports = new ArrayList<>();

    @Setup
    public void read() throws IOException {
        byte[] bytes = readLog();
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
