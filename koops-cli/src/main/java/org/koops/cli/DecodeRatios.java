package org.koops.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** decode_stacktrace.sh's times over koops's, log by log: the goal is a ratio per log, not only on average. */
final class DecodeRatios {
    private final List<Double> wall = new ArrayList<>();
    private final List<Double> cpu = new ArrayList<>();
    private double scriptWall;
    private double koopsWall;

    void add(ProcessRuns script, ProcessRuns koops) {
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
