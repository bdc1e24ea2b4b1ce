package org.koops.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.debuginfo.Symbol;
import org.koops.debuginfo.Symbolizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "bench-symbols", mixinStandardHelpOptions = true, versionProvider = KoopsCommand.Version.class,
        description = {"Measures symbolisation with a kernel's debug info, each tool a new process per run (start-up"
                + " included, no cache), in the same run: random addresses inside the functions of vmlinux given at once to"
                + " koops addr2line, eu-addr2line, llvm-symbolizer and addr2line; and each LOG decoded end to end by koops"
                + " decode and by the kernel's scripts/decode_stacktrace.sh. Prints wall times (best and mean), the best CPU time (user + system, child processes included) and each"
                + " process's peak memory (RSS, from /usr/bin/time). koops runs as the ./koops launcher runs these"
                + " commands: java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar koops.jar; when the launcher's class"
                + " archive koops.jsa is beside koops.jar, each LOG is decoded both without and with it"
                + " (-XX:SharedArchiveFile), and then again with its index cache filled by a first run."},
        footerHeading = "%nExamples:%n",
        footer = {"  koops bench-symbols --vmlinux /usr/lib/debug/boot/vmlinux-6.1.0-56-amd64",
                "  koops bench-symbols --vmlinux V --modules DIR --decode-stacktrace linux/scripts/decode_stacktrace.sh oops.log"})
final class BenchSymbolsCommand implements Callable<Integer> {
    private static final Pattern RSS = Pattern.compile("^koops-rss (\\d+) ([0-9.]+) ([0-9.]+)$", Pattern.MULTILINE);

    @Option(names = "--vmlinux", required = true, paramLabel = "FILE", description = "The kernel image with debug info.")
    Path vmlinux;

    @Option(names = "--modules", paramLabel = "DIR", description = "The module directory, for decoding the logs.")
    Path modules;

    @Option(names = "--addresses", defaultValue = "10000", description = "Addresses to symbolise (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--runs", defaultValue = "3", description = "Runs of each measure (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--decode-stacktrace", paramLabel = "SCRIPT",
            description = "The kernel's scripts/decode_stacktrace.sh, run on each LOG for comparison (once per LOG).")
    Path decodeStacktrace;

    @Parameters(paramLabel = "LOG", arity = "0..*", description = "Kernel logs to decode end to end.")
    List<Path> logs = new ArrayList<>();

    @Spec
    CommandSpec spec;

    /**
     * The wall times of the runs of one command, their CPU times (user + system, child processes
     * included: less sensitive than wall time to other work on the machine), and the largest peak RSS.
     */
    private record Timing(String what, List<Double> seconds, List<Double> cpuSeconds, long peakKb, String problem) {
        String line(Timing reference) {
            if (problem != null) {
                return String.format(Locale.ROOT, "  %-24s %s", what, problem);
            }
            double mean = seconds.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            String ratio = reference == null || reference.best() <= 0 ? ""
                    : String.format(Locale.ROOT, "  = %.1f x koops wall, %s", best() / reference.best(),
                            reference.bestCpu() > 0 && bestCpu() > 0
                                    ? String.format(Locale.ROOT, "%.1f x CPU", bestCpu() / reference.bestCpu()) : "CPU ?");
            return String.format(Locale.ROOT, "  %-24s best %7.3f s  mean %7.3f s  CPU %s  (%d run%s)  peak RSS %s%s", what, best(), mean,
                    bestCpu() > 0 ? String.format(Locale.ROOT, "%7.3f s", bestCpu()) : "?", seconds.size(),
                    seconds.size() == 1 ? "" : "s", peakKb > 0 ? (peakKb / 1024) + " MB" : "?", ratio);
        }

        /** How many times slower than {@code koops} this was, on a line of its own. */
        String ratios(Timing koops, String name) {
            return String.format(Locale.ROOT, "  %-24s = %.1f x %s wall, %.1f x CPU", "", best() / koops.best(), name,
                    bestCpu() / koops.bestCpu());
        }

        double best() {
            return seconds.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        }

        double bestCpu() {
            return cpuSeconds.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(vmlinux)) {
            err.println("koops: cannot read " + vmlinux + ": no such file");
            return ExitCodes.USAGE;
        }
        Optional<Path> jar = ownJar();
        if (jar.isEmpty()) {
            err.println("koops: bench-symbols runs koops as new processes: run it from koops.jar (java -jar koops.jar or ./koops)");
            return ExitCodes.USAGE;
        }
        Path work = Files.createTempDirectory("koops-bench-symbols");
        try {
            Path addresses = work.resolve("addresses.txt");
            Files.writeString(addresses, addresses(), StandardCharsets.US_ASCII);
            // The JVM options the ./koops launcher gives decode and addr2line.
            List<String> java = List.of(ProcessHandle.current().info().command().orElse("java"), "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC", "-jar", jar.get().toString());
            out.printf(Locale.ROOT, "%s (%d MB), %d addresses in one process:%n", vmlinux, Files.size(vmlinux) >> 20, count);
            out.flush();
            Timing koops = time("koops addr2line", concat(java, List.of("addr2line", vmlinux.toString(), "-")), addresses, runs);
            out.println(koops.line(null));
            out.flush();
            for (List<String> other : List.of(List.of("eu-addr2line", "-f", "-i", "-e", vmlinux.toString()),
                    List.of(llvmSymbolizer(), "--obj=" + vmlinux, "-f", "-i"),
                    List.of("addr2line", "-f", "-i", "-e", vmlinux.toString()))) {
                out.println(time(other.get(0), other, addresses, runs).line(koops));
                out.flush();
            }
            // The class archive the ./koops launcher makes beside koops.jar and runs with, when there is one.
            Path archive = jar.get().resolveSibling("koops.jsa");
            List<String> archived = Files.isRegularFile(archive) ? List.of(java.get(0), "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC", "-XX:SharedArchiveFile=" + archive, "-Xshare:on", "-jar", jar.get().toString()) : null;
            Ratios plain = new Ratios();
            Ratios withArchive = new Ratios();
            for (Path log : logs) {
                Path clean = work.resolve("log.txt");
                // decode_stacktrace.sh reads lines as they are: carriage returns and terminal escapes removed for both.
                Files.writeString(clean, Files.readString(log, StandardCharsets.ISO_8859_1).replace("\r", "")
                        .replaceAll("\u001b\\[[0-9;?]*[a-zA-Z]", "").replace("\u001bc", ""), StandardCharsets.ISO_8859_1);
                out.printf("%s decoded end to end:%n", log);
                List<String> decode = new ArrayList<>(List.of("decode", "--vmlinux", vmlinux.toString()));
                if (modules != null) {
                    decode.addAll(List.of("--modules", modules.toString()));
                }
                List<String> uncached = concat(decode, List.of("--no-index-cache", clean.toString()));
                Timing mine = time("koops decode", concat(java, uncached), null, runs);
                out.println(mine.line(null));
                Timing mineArchived = archived == null ? null : time("koops decode, CDS", concat(archived, uncached), null, runs);
                if (mineArchived != null) {
                    out.println(mineArchived.line(null));
                }
                // With the index cache: a first run fills it, the runs measured read it.
                List<String> cached = concat(java, concat(decode, List.of("--index-cache", work.resolve("index").toString(),
                        clean.toString())));
                time("koops decode", cached, null, 1);
                out.println(time("koops decode, indexed", cached, null, runs).line(null));
                out.flush();
                if (decodeStacktrace != null) {
                    Timing script = time("decode_stacktrace.sh", List.of("bash", decodeStacktrace.toString(), vmlinux.toString(), "",
                            modules == null ? "" : modules.toString()), clean, 1);
                    out.println(script.line(mine));
                    plain.add(script, mine);
                    if (mineArchived != null) {
                        out.println(script.ratios(mineArchived, "koops with CDS"));
                        withArchive.add(script, mineArchived);
                    }
                    out.flush();
                }
            }
            plain.print(out, "koops decode");
            withArchive.print(out, "koops decode with its class archive (CDS)");
        } finally {
            try (var files = Files.walk(work)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        return ExitCodes.OK;
    }

    /** decode_stacktrace.sh's times over koops's, log by log: the goal is a ratio per log, not only on average. */
    private static final class Ratios {
        private final List<Double> wall = new ArrayList<>();
        private final List<Double> cpu = new ArrayList<>();
        private double scriptWall;
        private double koopsWall;

        void add(Timing script, Timing koops) {
            if (script.problem() == null && koops.problem() == null && koops.best() > 0 && koops.bestCpu() > 0) {
                wall.add(script.best() / koops.best());
                cpu.add(script.bestCpu() / koops.bestCpu());
                scriptWall += script.best();
                koopsWall += koops.best();
            }
        }

        void print(PrintWriter out, String koops) {
            if (wall.isEmpty()) {
                return;
            }
            out.printf(Locale.ROOT, "%s against decode_stacktrace.sh over %d logs: wall %.1f x in all (%.1f s / %.1f s),"
                            + " per log %.1f-%.1f x (median %.1f); CPU per log %.1f-%.1f x (median %.1f)%n", koops, wall.size(),
                    scriptWall / koopsWall, scriptWall, koopsWall, min(wall), max(wall), median(wall), min(cpu), max(cpu),
                    median(cpu));
            out.flush();
        }

        private static double min(List<Double> v) {
            return v.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        }

        private static double max(List<Double> v) {
            return v.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }

        private static double median(List<Double> v) {
            double[] sorted = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                    : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        }
    }

    /** {@code count} addresses inside function symbols of more than one byte, seeded so runs compare. */
    private String addresses() throws IOException {
        List<Symbol> functions = new ArrayList<>();
        try (Symbolizer s = Symbolizer.open(vmlinux)) {
            for (Symbol f : s.functions()) {
                if (f.elfSize() > 1) {
                    functions.add(f);
                }
            }
        }
        if (functions.isEmpty()) {
            throw new IOException(vmlinux + " has no function symbols");
        }
        Random random = new Random(42);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            Symbol f = functions.get(random.nextInt(functions.size()));
            text.append("0x").append(Long.toHexString(f.address() + (long) (random.nextDouble() * f.elfSize()))).append('\n');
        }
        return text.toString();
    }

    /** Runs {@code command} {@code n} times with {@code stdin}, its output discarded, under /usr/bin/time when there is one. */
    private static Timing time(String what, List<String> command, Path stdin, int n) throws InterruptedException {
        if (!onPath(command.get(0)) && !Files.isExecutable(Path.of(command.get(0)))) {
            return new Timing(what, List.of(), List.of(), 0, "not installed");
        }
        boolean timeTool = Files.isExecutable(Path.of("/usr/bin/time"));
        List<Double> seconds = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        long peak = 0;
        for (int i = 0; i < n; i++) {
            List<String> cmd = new ArrayList<>();
            if (timeTool) {
                cmd.addAll(List.of("/usr/bin/time", "-f", "koops-rss %M %U %S"));
            }
            cmd.addAll(command);
            try {
                File errors = File.createTempFile("koops-bench", ".err");
                try {
                    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .redirectError(errors);
                    pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new File("/dev/null")) : ProcessBuilder.Redirect.from(stdin.toFile()));
                    long start = System.nanoTime();
                    Process p = pb.start();
                    if (!p.waitFor(30, TimeUnit.MINUTES)) {
                        p.destroyForcibly();
                        return new Timing(what, seconds, cpu, peak, "timed out after 30 minutes");
                    }
                    seconds.add((System.nanoTime() - start) / 1e9);
                    String text = Files.readString(errors.toPath(), StandardCharsets.ISO_8859_1);
                    Matcher m = RSS.matcher(text);
                    while (m.find()) {
                        peak = Math.max(peak, Long.parseLong(m.group(1)));
                        cpu.add(Double.parseDouble(m.group(2)) + Double.parseDouble(m.group(3)));
                    }
                    if (p.exitValue() > 1) {
                        return new Timing(what, seconds, cpu, peak, "failed (exit " + p.exitValue() + "): "
                                + text.lines().filter(l -> !l.startsWith("koops-rss")).findFirst().orElse(""));
                    }
                } finally {
                    Files.deleteIfExists(errors.toPath());
                }
            } catch (IOException e) {
                return new Timing(what, seconds, cpu, peak, "cannot run: " + e.getMessage());
            }
        }
        return new Timing(what, seconds, cpu, peak, null);
    }

    private static String llvmSymbolizer() {
        if (onPath("llvm-symbolizer")) {
            return "llvm-symbolizer";
        }
        for (int v = 20; v >= 10; v--) {
            if (onPath("llvm-symbolizer-" + v)) {
                return "llvm-symbolizer-" + v;
            }
        }
        return "llvm-symbolizer";
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Path> ownJar() {
        try {
            Path p = Path.of(BenchSymbolsCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return p.toString().endsWith(".jar") ? Optional.of(p) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
