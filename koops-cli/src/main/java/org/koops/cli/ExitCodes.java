package org.koops.cli;

/** The exit statuses of {@code koops}; each command's {@code --help} lists those it returns. */
final class ExitCodes {
    /** At least one crash report was found (or help, version or completion was printed). */
    static final int OK = 0;
    /** The inputs were read but hold no crash report. */
    static final int NO_REPORT = 1;
    /** ({@code corpus}) Some corpus files disagree with syzkaller. */
    static final int DIFFERENCES = 1;
    /** Bad usage, or an input could not be read; wins over the two above. */
    static final int USAGE = 2;
    /** A bug in koops; the message says how to get the stack trace. */
    static final int INTERNAL_ERROR = 3;
    /**
     * An input was cut short (compressed data that stops early): the part that could be
     * read was analysed and its reports written. Wins over {@link #OK} and {@link #NO_REPORT}, not over
     * {@link #USAGE}.
     */
    static final int TRUNCATED = 4;

    /*
     * The rows of the help's "Exit codes:" shared by several commands ("code:meaning", picocli's form);
     * each command lists its own in its @Command, these where the meaning is the same.
     */
    /** Found a report. */
    static final String FOUND_HELP = OK + ":at least one crash report was found";
    /** Found none. */
    static final String NO_REPORT_HELP = NO_REPORT + ":no crash report was found";
    /** Bad usage or an unreadable input. */
    static final String USAGE_HELP = USAGE + ":bad usage, or an input could not be read";
    /** A bug, for commands with --stacktrace. */
    static final String INTERNAL_ERROR_HELP = INTERNAL_ERROR + ":internal error in koops (rerun with --stacktrace and report it)";
    /** An input cut short, for the commands that read logs. */
    static final String TRUNCATED_HELP = TRUNCATED + ":an input was cut short (compressed data that stops early):"
            + " what could be read was analysed";
    /** A bug, for commands without --stacktrace. */
    static final String BUG_HELP = INTERNAL_ERROR + ":internal error in koops (report it)";

    private ExitCodes() {
    }
}
