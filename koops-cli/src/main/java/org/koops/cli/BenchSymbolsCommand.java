package org.koops.cli;

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
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.OK + ":measured", ExitCodes.USAGE + ":bad usage, vmlinux could not be read, or not run from koops.jar", ExitCodes.BUG_HELP},
        footerHeading = "%nExamples:%n",
        footer = {"  koops bench-symbols --vmlinux /usr/lib/debug/boot/vmlinux-6.1.0-56-amd64",
                "  koops bench-symbols --vmlinux V --modules DIR --decode-stacktrace linux/scripts/decode_stacktrace.sh oops.log"})
final class BenchSymbolsCommand implements Callable<Integer> {

    @Option(names = "--vmlinux", required = true, paramLabel = "FILE", description = "The kernel image with debug info.")
    Path vmlinux;

    @Option(names = "--modules", paramLabel = "DIR", description = "The module directory, for decoding the logs.")
    Path modules;

    @Option(names = "--addresses", defaultValue = "10000", description = "Addresses to symbolise; 0 for none"
            + " (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--koops", paramLabel = "COMMAND", description = "The koops to measure, such as /usr/bin/koops"
            + " of the installed package with its start-up cache (default: this koops.jar as ./koops runs it).")
    Path installed;

    @Option(names = "--runs", defaultValue = "3", description = "Runs of each measure (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--decode-stacktrace", paramLabel = "SCRIPT",
            description = "The kernel's scripts/decode_stacktrace.sh, run on each LOG for comparison (once per LOG).")
    Path decodeStacktrace;

    @Parameters(paramLabel = "LOG", arity = "0..*", description = "Kernel logs to decode end to end.")
    List<Path> logs = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(vmlinux)) {
            err.println("koops: cannot read " + vmlinux + ": no such file");
            return ExitCodes.USAGE;
        }
        Optional<Path> jar = installed != null ? Optional.of(installed) : ownJar();
        if (jar.isEmpty()) {
            err.println("koops: bench-symbols runs koops as new processes: run it from koops.jar (java -jar koops.jar or ./koops)");
            return ExitCodes.USAGE;
        }
        Path work = Files.createTempDirectory("koops-bench-symbols");
        try {
            Path addresses = work.resolve("addresses.txt");
            Files.writeString(addresses, addresses(), StandardCharsets.US_ASCII);
            // The JVM options the ./koops launcher gives decode and addr2line; an installed koops chooses its own.
            List<String> java = installed != null ? List.of(installed.toString()) : List.of(
                    ProcessHandle.current().info().command().orElse("java"), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-jar", jar.get().toString());
            if (count > 0) {
                out.printf(Locale.ROOT, "%s (%d MB), %d addresses in one process:%n", vmlinux, Files.size(vmlinux) >> 20, count);
                out.flush();
                ProcessRuns koops = ProcessRuns.run("koops addr2line", concat(java, List.of("addr2line", vmlinux.toString(), "-")),
                        addresses, runs);
                out.println(koops.line(null));
                out.flush();
                for (List<String> other : List.of(List.of("eu-addr2line", "-f", "-i", "-e", vmlinux.toString()),
                        List.of(llvmSymbolizer(), "--obj=" + vmlinux, "-f", "-i"),
                        List.of("addr2line", "-f", "-i", "-e", vmlinux.toString()))) {
                    out.println(ProcessRuns.run(other.get(0), other, addresses, runs).line(koops));
                    out.flush();
                }
            }
            // The class archive the ./koops launcher makes beside koops.jar and runs with, when there is one.
            Path archive = jar.get().resolveSibling("koops.jsa");
            List<String> archived = installed == null && Files.isRegularFile(archive) ? List.of(java.get(0),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:SharedArchiveFile=" + archive, "-Xshare:on", "-jar",
                    jar.get().toString()) : null;
            DecodeRatios plain = new DecodeRatios();
            DecodeRatios withArchive = new DecodeRatios();
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
                ProcessRuns mine = ProcessRuns.run("koops decode", concat(java, uncached), null, runs);
                out.println(mine.line(null));
                ProcessRuns mineArchived = archived == null ? null : ProcessRuns.run("koops decode, CDS", concat(archived, uncached), null, runs);
                if (mineArchived != null) {
                    out.println(mineArchived.line(null));
                }
                // With the index cache: a first run fills it, the runs measured read it.
                List<String> cached = concat(java, concat(decode, List.of("--index-cache", work.resolve("index").toString(),
                        clean.toString())));
                ProcessRuns.run("koops decode", cached, null, 1);
                out.println(ProcessRuns.run("koops decode, indexed", cached, null, runs).line(null));
                out.flush();
                if (decodeStacktrace != null) {
                    ProcessRuns script = ProcessRuns.run("decode_stacktrace.sh", List.of("bash", decodeStacktrace.toString(), vmlinux.toString(), "",
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

    private static String llvmSymbolizer() {
        if (ProcessRuns.onPath("llvm-symbolizer")) {
            return "llvm-symbolizer";
        }
        for (int v = 20; v >= 10; v--) {
            if (ProcessRuns.onPath("llvm-symbolizer-" + v)) {
                return "llvm-symbolizer-" + v;
            }
        }
        return "llvm-symbolizer";
    }

    static Optional<Path> ownJar() {
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
