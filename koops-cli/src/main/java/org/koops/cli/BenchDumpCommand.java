package org.koops.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.koops.dump.Vmcore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "bench-dump", mixinStandardHelpOptions = true, versionProvider = KoopsCommand.Version.class,
        description = {"Measures taking the kernel log out of crash dumps, side by side on each file: koops dmesg as a"
                + " new process (java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m -jar koops.jar, start-up included),"
                + " makedumpfile --dump-dmesg and kexec-tools' vmcore-dmesg (when installed and able to read the file),"
                + " then koops inside this process after a warm-up. Wall and CPU time (best of --runs) and peak RSS"
                + " (with /usr/bin/time; each run of a C tool is a loop of 20 runs, its times divided by 20, as they"
                + " take less than the 10 ms /usr/bin/time counts CPU in); with the launcher's class archive koops.jsa"
                + " beside koops.jar, koops dmesg with it too, then the reference of the ratios."
                + " Not a test: on a shared machine, read the CPU times."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.OK + ":measured", ExitCodes.USAGE + ":bad usage, a dump could not be read, or not run from koops.jar",
                ExitCodes.BUG_HELP},
        footerHeading = "%nExamples:%n",
        footer = {"  koops bench-dump /var/crash/202612061530/dump.202612061530",
                "  koops bench-dump --runs 5 vmcore dump.lzo"})
final class BenchDumpCommand implements Callable<Integer> {
    /**
     * The C tools take milliseconds: each of their runs is a loop of this many, its times divided by it,
     * since /usr/bin/time counts CPU time in 10 ms steps.
     */
    private static final int LOOP = 20;

    @Parameters(paramLabel = "VMCORE", arity = "1..*", description = "Crash dumps.")
    List<Path> dumps = new ArrayList<>();

    @Option(names = "--runs", paramLabel = "N", defaultValue = "3", description = "Runs of each measure (default: ${DEFAULT-VALUE}).")
    int runs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path jar = BenchSymbolsCommand.ownJar().orElse(null);
        if (jar == null) {
            err.println("koops: bench-dump runs koops as new processes: run it from koops.jar (java -jar koops.jar or ./koops)");
            return ExitCodes.USAGE;
        }
        List<String> java = List.of(ProcessHandle.current().info().command().orElse("java"), "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Xmx256m", "-jar", jar.toString());
        Path work = Files.createTempDirectory("koops-bench-dump");
        try {
            for (Path dump : dumps) {
                if (!Files.isRegularFile(dump)) {
                    err.println("koops: cannot read " + dump + ": no such file");
                    return ExitCodes.USAGE;
                }
                out.printf(Locale.ROOT, "%s (%d MB):%n", dump, Files.size(dump) >> 20);
                out.flush();
                List<String> koopsDmesg = new ArrayList<>(java);
                koopsDmesg.addAll(List.of("dmesg", dump.toString()));
                ProcessRuns koops = ProcessRuns.run("koops dmesg", koopsDmesg, null, runs);
                out.println(koops.line(null));
                // With the class archive the ./koops launcher makes beside koops.jar, as it runs koops.
                Path archive = jar.resolveSibling("koops.jsa");
                if (Files.isRegularFile(archive)) {
                    List<String> archived = new ArrayList<>(java.subList(0, 4));
                    archived.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-Xlog:cds=off",
                            "-Xlog:cds+dynamic=off", "-jar", jar.toString(), "dmesg", dump.toString()));
                    koops = ProcessRuns.run("koops dmesg, CDS", archived, null, runs);
                    out.println(koops.line(null));
                }
                out.flush();
                // makedumpfile writes the log to a file it can seek in; -f lets it overwrite the last run's.
                Path log = work.resolve("makedumpfile-dmesg.txt");
                Files.deleteIfExists(log);
                ProcessRuns makedumpfile = ProcessRuns.runLooped("makedumpfile --dump-dmesg",
                        List.of("makedumpfile", "-f", "--dump-dmesg", dump.toString(), log.toString()), LOOP, runs);
                // makedumpfile exits 1 when it cannot read a file (a flattened one, qemu's): then it wrote no log.
                out.println(makedumpfile.problem() != null || Files.isRegularFile(log) ? makedumpfile.line(koops)
                        : new ProcessRuns(makedumpfile.what(), List.of(), List.of(), 0, "failed: wrote no log (it cannot read this file)").line(koops));
                out.println(ProcessRuns.runLooped("vmcore-dmesg", List.of("vmcore-dmesg", dump.toString()), LOOP, runs).line(koops));
                out.println(inProcess(dump));
                out.flush();
            }
        } finally {
            try (var files = Files.list(work)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(work);
        }
        return ExitCodes.OK;
    }

    /**
     * The log taken out {@code runs} times in this JVM after one warm-up: the reading alone, without
     * start-up; wall time and this thread's CPU time, the best of each.
     */
    private String inProcess(Path dump) throws Exception {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long bytes = 0;
        double best = Double.MAX_VALUE;
        double bestCpu = Double.MAX_VALUE;
        for (int i = 0; i <= runs; i++) {
            long cpu = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            try (Vmcore v = Vmcore.open(dump)) {
                bytes = v.dmesg().text().length;
            }
            if (i > 0) {
                best = Math.min(best, (System.nanoTime() - start) / 1e9);
                bestCpu = Math.min(bestCpu, (threads.getCurrentThreadCpuTime() - cpu) / 1e9);
            }
        }
        return String.format(Locale.ROOT, "  %-24s best %7.3f s  CPU %7.3f s  (%d runs after a warm-up, %d KB of log)",
                "koops, in process", best, bestCpu, runs, bytes >> 10);
    }
}
