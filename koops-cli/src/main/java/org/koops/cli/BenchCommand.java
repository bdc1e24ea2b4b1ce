package org.koops.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.koops.Koops;
import org.koops.corpus.CorpusCase;
import org.koops.format.ReportFormats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = KoopsCommand.Version.class,
        description = {"Measures koops's speed: scanning a big log with rare crashes (written to a temporary"
                + " directory from ordinary kernel messages and the corpus's crashes), against"
                + " 'grep -c -F' for the report-start keywords on the same file; then parsing and titling the"
                + " whole corpus, after warm-up."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.OK + ":measured", ExitCodes.USAGE + ":bad usage, or CORPUS could not be read", ExitCodes.INTERNAL_ERROR_HELP},
        footerHeading = "%nExamples:%n",
        footer = {"  koops bench ../shared/corpus/syzkaller-linux             # a 1 GB log",
                "  koops bench --size=100m ../shared/corpus/syzkaller-linux  # a quicker run"})
final class BenchCommand implements Callable<Integer> {
    private static final double MB = 1 << 20;
    /** bash's {@code time} with {@code TIMEFORMAT='%3U %3S'}, on the last line: user and system seconds. */
    private static final Pattern CPU_SECONDS = Pattern.compile("(\\d++\\.\\d++) (\\d++\\.\\d++)$");

    @Parameters(paramLabel = "CORPUS", description = "syzkaller's corpus root, or its report/ folder: the crashes.")
    Path corpus;

    @Option(names = "--size", paramLabel = "SIZE", defaultValue = "1g",
            description = "Size of the generated log, e.g. 100m or 1g (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--runs", defaultValue = "3", description = "Timed runs of each measure; the best counts (default: ${DEFAULT-VALUE}).")
    int runs;

    @Mixin
    StacktraceOption stacktrace;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long bytes = bytes(size);
        if (bytes <= 0) {
            err.println("koops: bad --size '" + size + "': give a size such as 100m or 1g");
            return ExitCodes.USAGE;
        }
        List<CorpusCase> cases;
        try {
            cases = read(Files.isDirectory(corpus.resolve("report")) ? corpus.resolve("report") : corpus);
        } catch (IOException e) {
            err.println("koops: cannot read " + corpus + ": " + e.getMessage());
            return ExitCodes.USAGE;
        }
        List<String> crashes = cases.stream().filter(c -> c.title() != null).map(CorpusCase::log).toList();
        Path dir = Files.createTempDirectory("koops-bench");
        Path log = dir.resolve("big.log");
        try {
            int written = BenchLog.write(log, bytes, 10L << 20, crashes);
            long length = Files.size(log);
            out.printf(Locale.ROOT, "log: %s, %.0f MB, %d crashes%n", log, length / MB, written);
            out.flush();
            Koops koops = Koops.create().withoutDisassembler();
            long[] reports = new long[1];
            Timing koopsTime = best(() -> {
                long cpu = processCpu();
                reports[0] = 0;
                try (InputStream in = Files.newInputStream(log)) {
                    koops.scan(in, r -> reports[0]++, b -> { });
                }
                return processCpu() - cpu;
            });
            Timing grepTime = best(() -> grep(log));
            out.printf(Locale.ROOT, "koops scan:  %7.0f MB/s, %7.0f MB per CPU second  (%d reports)%n",
                    koopsTime.rate(length), koopsTime.cpuRate(length), reports[0]);
            out.printf(Locale.ROOT, "grep -c -F:  %7.0f MB/s, %7.0f MB per CPU second  (%d keywords)%n",
                    grepTime.rate(length), grepTime.cpuRate(length), keywords().size());
            out.printf(Locale.ROOT, "koops/grep:  %7.2f wall, %5.2f CPU%n", koopsTime.rate(length) / grepTime.rate(length),
                    koopsTime.cpuRate(length) / grepTime.cpuRate(length));
            out.flush();
        } finally {
            Files.deleteIfExists(log);
            Files.deleteIfExists(dir);
        }
        List<byte[]> logs = cases.stream().map(c -> c.log().getBytes(StandardCharsets.UTF_8)).toList();
        Koops koops = Koops.create().withoutDisassembler();
        Timed parseAll = () -> {
            long cpu = processCpu();
            logs.forEach(b -> analyze(koops, b));
            return processCpu() - cpu;
        };
        for (long end = System.nanoTime() + 5_000_000_000L; System.nanoTime() < end; ) {
            parseAll.run();
        }
        Timing corpusTime = best(parseAll);
        out.printf(Locale.ROOT, "corpus:      %7.0f ms (%.0f ms of CPU) to parse and title all %d logs (after warm-up)%n",
                corpusTime.seconds() * 1000, corpusTime.cpuSeconds() * 1000, logs.size());
        out.flush();
        return ExitCodes.OK;
    }

    private static void analyze(Koops koops, byte[] log) {
        try {
            koops.analyze("corpus", new ByteArrayInputStream(log));
        } catch (IOException e) {
            throw new IllegalStateException("reading memory does not fail", e);
        }
    }

    /**
     * Runs grep as the practical limit: fixed strings, C locale, counting matching lines into a pipe
     * (with its output on /dev/null, GNU grep stops at the first match). bash's {@code time} reports
     * grep's CPU time, which Java cannot read of a child.
     *
     * @return grep's CPU time, in nanoseconds
     */
    private static long grep(Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "TIMEFORMAT='%3U %3S'; time grep -c -F \"$@\"", "bash"));
        keywords().forEach(k -> command.addAll(List.of("-e", k)));
        command.add(log.toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() > 1) {
            throw new IOException("grep failed with exit code " + p.exitValue() + ": " + output);
        }
        // The count, then the user and system seconds: "22\n0.480 0.070".
        Matcher m = CPU_SECONDS.matcher(output);
        if (!m.find()) {
            throw new IOException("cannot read the CPU time of grep from: " + output);
        }
        return (long) ((Double.parseDouble(m.group(1)) + Double.parseDouble(m.group(2))) * 1e9);
    }

    /** CPU time of this process so far, all its threads (the collector's and the compiler's too), in nanoseconds. */
    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The literals the report-format table looks for first: what a report start must contain. */
    private static List<String> keywords() {
        return ReportFormats.groups().stream().flatMap(g -> g.literals().stream()).distinct().toList();
    }

    /** A measured run; returns the CPU time it took, in nanoseconds. */
    private interface Timed {
        long run() throws Exception;
    }

    /** Wall-clock and CPU seconds of a run: on a busy machine the CPU time is the steadier measure of one core's speed. */
    private record Timing(double seconds, double cpuSeconds) {
        double rate(long bytes) {
            return bytes / MB / seconds;
        }

        double cpuRate(long bytes) {
            return bytes / MB / cpuSeconds;
        }
    }

    /** The best of the runs, by wall clock and by CPU time separately. */
    private Timing best(Timed timed) throws Exception {
        double wall = Double.MAX_VALUE;
        double cpu = Double.MAX_VALUE;
        for (int i = 0; i < Math.max(1, runs); i++) {
            long start = System.nanoTime();
            long cpuNanos = timed.run();
            wall = Math.min(wall, (System.nanoTime() - start) / 1e9);
            cpu = Math.min(cpu, cpuNanos / 1e9);
        }
        return new Timing(wall, cpu);
    }

    private static List<CorpusCase> read(Path dir) throws IOException {
        List<CorpusCase> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("\\d++")).sorted().toList()) {
                cases.add(CorpusCase.read(f));
            }
        }
        return cases;
    }

    /** {@code 100m} as bytes; 0 when it is not a size. */
    private static long bytes(String size) {
        String s = size.strip().toLowerCase(Locale.ROOT);
        long unit = s.endsWith("g") ? 1L << 30 : s.endsWith("m") ? 1L << 20 : s.endsWith("k") ? 1L << 10 : 1;
        try {
            return Long.parseLong(unit == 1 ? s : s.substring(0, s.length() - 1)) * unit;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
