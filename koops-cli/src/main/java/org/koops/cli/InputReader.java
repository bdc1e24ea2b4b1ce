package org.koops.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import org.koops.Koops;

/**
 * Analyses the inputs named on the command line one after the other, handing each report to a
 * {@link ReportListener} as soon as it is found (so memory does not grow with the number of reports),
 * reporting unreadable inputs and inputs without reports on standard error, and works out the exit
 * code of the whole run.
 */
final class InputReader {
    private static final String STDIN = "-";

    private final Koops koops;
    private final PrintWriter err;
    private final boolean stacktrace;

    InputReader(PrintWriter err, boolean stacktrace) {
        this(err, stacktrace, Koops.create().withoutDisassembler());
    }

    /** Reads with {@code koops}, for example one that also disassembles the code of every report. */
    InputReader(PrintWriter err, boolean stacktrace, Koops koops) {
        this.err = err;
        this.stacktrace = stacktrace;
        this.koops = koops;
    }

    /** Streams each readable input's reports to {@code listener}; returns an {@link ExitCodes} value. */
    int run(List<String> names, ReportListener listener) {
        boolean found = false;
        boolean unreadable = false;
        for (String name : names.isEmpty() ? List.of(STDIN) : names) {
            long[] reports = {0};
            ReportListener counting = (input, r) -> {
                reports[0]++;
                listener.report(input, r);
            };
            try {
                analyze(name, counting, listener);
            } catch (IOException e) {
                unreadable = true;
                err.println("koops: cannot read " + label(name) + ": " + reason(e));
                if (stacktrace) {
                    e.printStackTrace(err);
                }
                continue;
            }
            if (reports[0] == 0) {
                err.println("koops: no crash report found in " + label(name));
            }
            found |= reports[0] > 0;
        }
        err.flush();
        return unreadable ? ExitCodes.USAGE : found ? ExitCodes.OK : ExitCodes.NO_REPORT;
    }

    /** Opens the input (a missing file fails before {@code begin}) and scans it. */
    private void analyze(String name, ReportListener counting, ReportListener listener) throws IOException {
        if (name.equals(STDIN)) {
            scan(name, System.in, -1, counting, listener);
            return;
        }
        Path file = Path.of(name);
        if (Files.isDirectory(file)) {
            throw new IOException("is a directory");
        }
        try (InputStream in = Files.newInputStream(file)) {
            scan(name, in, Files.size(file), counting, listener);
        }
    }

    private void scan(String name, InputStream in, long size, ReportListener counting, ReportListener listener)
            throws IOException {
        listener.begin(name);
        Koops.ScanStats stats = null;
        try (Progress progress = new Progress(name, size, err, Terminals.stderr())) {
            stats = koops.scan(in, r -> counting.report(name, r), progress);
        } finally {
            listener.end(name, stats);
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
