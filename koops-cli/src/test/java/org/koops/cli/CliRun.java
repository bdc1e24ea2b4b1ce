package org.koops.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** Runs koops in-process with captured standard output and error. */
record CliRun(int exitCode, String out, String err) {
    /** The sample shipped in the repository; tests run in the koops-cli directory. */
    static final String SAMPLE = Path.of("..", "samples", "null-deref-proc-read.log").toString();

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = KoopsCommand.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }
}
