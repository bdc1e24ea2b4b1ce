package org.koops.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import org.koops.Koops;
import org.koops.LogInput;
import org.koops.LogInputs;

/**
 * Analyses the inputs named on the command line one after the other (a directory's logs, dumps and
 * pstore records each as an input of its own), handing each report to a
 * {@link ReportListener} as soon as it is found (so memory does not grow with the number of reports),
 * reporting unreadable inputs and inputs without reports on standard error, and works out the exit
 * code of the whole run.
 */
final class InputReader {
    private static final String STDIN = "-";

    private final Koops koops;
    private final PrintWriter err;
    private final boolean stacktrace;
    /** Whether an input read so far was cut short. */
    private boolean truncated;

    InputReader(PrintWriter err, boolean stacktrace) {
        this(err, stacktrace, Koops.create().withoutDisassembler());
    }

    /** Reads with {@code koops}, for example one that also disassembles the code of every report. */
    InputReader(PrintWriter err, boolean stacktrace, Koops koops) {
        this.err = err;
        this.stacktrace = stacktrace;
        this.koops = koops;
    }

    /**
     * Streams the reports of each readable input to {@code listener}: a log, the log of a vmcore, or
     * each log a directory holds ({@link LogInputs#find}). Returns an {@link ExitCodes} value.
     */
    int run(List<String> names, ReportListener listener) {
        boolean found = false;
        boolean unreadable = false;
        for (String name : names.isEmpty() ? List.of(STDIN) : names) {
            List<LogInput> logs;
            try {
                logs = name.equals(STDIN) ? null : LogInputs.find(Path.of(name));
            } catch (IOException e) {
                unreadable = true;
                failed(name, e);
                continue;
            }
            if (logs != null && logs.isEmpty()) {
                err.println("koops: no kernel log, vmcore or pstore record found in " + name);
                continue;
            }
            for (LogInput log : logs == null ? List.<LogInput>of() : logs) {
                try {
                    found |= analyze(log.name(), log, listener);
                } catch (IOException e) {
                    unreadable = true;
                    failed(log.name(), e);
                }
            }
            if (logs == null) {
                try {
                    found |= analyze(STDIN, null, listener);
                } catch (IOException e) {
                    unreadable = true;
                    failed(STDIN, e);
                }
            }
        }
        err.flush();
        return unreadable ? ExitCodes.USAGE : truncated ? ExitCodes.TRUNCATED : found ? ExitCodes.OK : ExitCodes.NO_REPORT;
    }

    private void failed(String name, IOException e) {
        err.println("koops: cannot read " + label(name) + ": " + reason(e));
        if (stacktrace) {
            e.printStackTrace(err);
        }
    }

    /** Scans one log (standard input when {@code log} is null); says on stderr what it lacks; returns whether it held a report. */
    private boolean analyze(String name, LogInput log, ReportListener listener) throws IOException {
        long[] reports = {0};
        ReportListener counting = (input, r) -> {
            reports[0]++;
            listener.report(input, r);
        };
        if (log == null) {
            scan(name, System.in, -1, null, counting, listener);
        } else {
            try (InputStream in = log.open()) {
                log.problems().forEach(p -> err.println("koops: " + name + " (" + log.kind() + "): " + p));
                scan(name, in, log.size(), log.kernel(), counting, listener);
            }
        }
        if (reports[0] == 0) {
            err.println("koops: no crash report found in " + label(name));
        }
        return reports[0] > 0;
    }

    private void scan(String name, InputStream in, long size, LogInput.Kernel kernel, ReportListener counting,
                      ReportListener listener) throws IOException {
        listener.begin(name, kernel);
        Koops.ScanStats stats = null;
        try (Progress progress = new Progress(name, size, err, Terminals.stderr())) {
            stats = koops.scan(in, r -> counting.report(name, r), progress);
        } finally {
            listener.end(name, stats);
        }
        if (stats.truncated() != null) {
            truncated = true;
            err.println("koops: warning: " + label(name) + " is cut short: " + stats.truncated() + "; the "
                    + stats.lines() + " lines before were analysed");
        }
    }

    private static String label(String name) {
        return name.equals(STDIN) ? "standard input" : name;
    }

    /** The JDK puts the file name, not the reason, in these exceptions' messages. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
