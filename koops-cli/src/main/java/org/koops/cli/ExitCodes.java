package org.koops.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The exit statuses of {@code koops}, shown in every command's {@code --help}. */
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

    /** The table printed under "Exit codes:" in the help, in order. */
    static final Map<String, String> HELP = help();

    private ExitCodes() {
    }

    private static Map<String, String> help() {
        Map<String, String> help = new LinkedHashMap<>();
        help.put(String.valueOf(OK), "at least one crash report was found");
        help.put(String.valueOf(NO_REPORT), "no crash report was found");
        help.put(String.valueOf(USAGE), "bad usage, or an input could not be read");
        help.put(String.valueOf(INTERNAL_ERROR), "internal error in koops (rerun with --stacktrace and report it)");
        return Collections.unmodifiableMap(help);
    }
}
