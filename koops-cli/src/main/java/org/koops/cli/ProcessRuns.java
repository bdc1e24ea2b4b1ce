package org.koops.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The wall times of the runs of one command, each a new process, their CPU times (user + system,
 * child processes included: less sensitive than wall time to other work on the machine), and the
 * largest peak RSS; or why it could not run.
 */
record ProcessRuns(String what, List<Double> seconds, List<Double> cpuSeconds, long peakKb, String problem) {
    private static final Pattern RSS = Pattern.compile("^koops-rss (\\d+) ([0-9.]+) ([0-9.]+)$", Pattern.MULTILINE);

    String line(ProcessRuns reference) {
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
    String ratios(ProcessRuns koops, String name) {
        return String.format(Locale.ROOT, "  %-24s = %.1f x %s wall, %.1f x CPU", "", best() / koops.best(), name,
                bestCpu() / koops.bestCpu());
    }

    double best() {
        return seconds.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    double bestCpu() {
        return cpuSeconds.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    /** Runs {@code command} {@code n} times with {@code stdin}, its output discarded, under /usr/bin/time when there is one. */
    static ProcessRuns run(String what, List<String> command, Path stdin, int n) throws InterruptedException {
        if (!onPath(command.get(0)) && !Files.isExecutable(Path.of(command.get(0)))) {
            return new ProcessRuns(what, List.of(), List.of(), 0, "not installed");
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
                        return new ProcessRuns(what, seconds, cpu, peak, "timed out after 30 minutes");
                    }
                    seconds.add((System.nanoTime() - start) / 1e9);
                    String text = Files.readString(errors.toPath(), StandardCharsets.ISO_8859_1);
                    Matcher m = RSS.matcher(text);
                    while (m.find()) {
                        peak = Math.max(peak, Long.parseLong(m.group(1)));
                        cpu.add(Double.parseDouble(m.group(2)) + Double.parseDouble(m.group(3)));
                    }
                    if (p.exitValue() > 1) {
                        return new ProcessRuns(what, seconds, cpu, peak, "failed (exit " + p.exitValue() + "): "
                                + text.lines().filter(l -> !l.startsWith("koops-rss")).findFirst().orElse(""));
                    }
                } finally {
                    Files.deleteIfExists(errors.toPath());
                }
            } catch (IOException e) {
                return new ProcessRuns(what, seconds, cpu, peak, "cannot run: " + e.getMessage());
            }
        }
        return new ProcessRuns(what, seconds, cpu, peak, null);
    }

    /**
     * Like {@link #run}, but each run is a shell loop running {@code command} {@code loop} times, its wall
     * and CPU times divided by {@code loop}: a C tool taking a few milliseconds is measured below the
     * 10 ms resolution of /usr/bin/time's CPU times.
     */
    static ProcessRuns runLooped(String what, List<String> command, int loop, int n) throws InterruptedException {
        if (!onPath(command.get(0)) && !Files.isExecutable(Path.of(command.get(0)))) {
            return new ProcessRuns(what, List.of(), List.of(), 0, "not installed");
        }
        List<String> shell = new ArrayList<>(List.of("sh", "-c",
                "i=0; while [ $i -lt " + loop + " ]; do \"$@\" || exit $?; i=$((i+1)); done", "sh"));
        shell.addAll(command);
        ProcessRuns r = run(what, shell, null, n);
        return new ProcessRuns(what + " (x" + loop + ")", r.seconds().stream().map(s -> s / loop).toList(),
                r.cpuSeconds().stream().map(s -> s / loop).toList(), r.peakKb(), r.problem());
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
