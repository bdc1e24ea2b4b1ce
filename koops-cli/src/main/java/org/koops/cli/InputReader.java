package org.koops.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.koops.Koops;
import org.koops.model.CrashReport;
import org.koops.model.LogAnalysis;

/**
 * Analyses the inputs named on the command line one after the other, reporting unreadable inputs
 * and inputs without reports on standard error, and works out the exit code of the whole run.
 */
final class InputReader {
    private static final String STDIN = "-";

    private final Koops koops = Koops.create();
    private final PrintWriter err;
    private final boolean stacktrace;

    InputReader(PrintWriter err, boolean stacktrace) {
        this.err = err;
        this.stacktrace = stacktrace;
    }

    /** Hands the analysis of each readable input to {@code sink}; returns an {@link ExitCodes} value. */
    int run(List<String> names, Consumer<LogAnalysis> sink) {
        boolean found = false;
        boolean unreadable = false;
        for (String name : names.isEmpty() ? List.of(STDIN) : names) {
            LogAnalysis analysis;
            try {
                analysis = analyze(name);
            } catch (IOException e) {
                unreadable = true;
                err.println("koops: cannot read " + label(name) + ": " + reason(e));
                if (stacktrace) {
                    e.printStackTrace(err);
                }
                continue;
            }
            sink.accept(analysis);
            if (analysis.reports().isEmpty()) {
                err.println("koops: no crash report found in " + label(name));
            }
            found |= !analysis.reports().isEmpty();
        }
        err.flush();
        return unreadable ? ExitCodes.USAGE : found ? ExitCodes.OK : ExitCodes.NO_REPORT;
    }

    private LogAnalysis analyze(String name) throws IOException {
        if (name.equals(STDIN)) {
            return scan(name, System.in, -1);
        }
        Path file = Path.of(name);
        if (Files.isDirectory(file)) {
            throw new IOException("is a directory");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return scan(name, in, Files.size(file));
        }
    }

    private LogAnalysis scan(String name, InputStream in, long size) throws IOException {
        List<CrashReport> reports = new ArrayList<>();
        try (Progress progress = new Progress(name, size, err, Terminals.stderr())) {
            Koops.ScanStats stats = koops.scan(in, reports::add, progress);
            return new LogAnalysis(name, List.copyOf(reports), stats.lines(), stats.bytes());
        }
    }

    private static String label(String name) {
        return name.equals(STDIN) ? "standard input" : name;
    }

    /** The JDK puts the file name, not the reason, in these exceptions' messages. */
    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
