package org.koops.cli;

import picocli.CommandLine.Option;

/**
 * {@code --stacktrace}, shared by the commands that can fail inside koops: their errors print the Java stack trace
 * (for bug reports), and so does koops's own handler of the errors a command did not catch.
 */
final class StacktraceOption {
    @Option(names = "--stacktrace", description = "Print the Java stack trace of errors (for bug reports).")
    boolean requested;
}
