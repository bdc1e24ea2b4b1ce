package org.koops.cli;

import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The inputs and options shared by the commands that read logs. */
final class InputOptions {
    /** Output formats; lower-case because they are typed on the command line as they are named here. */
    enum Format { text, json }

    @Parameters(paramLabel = "FILE", arity = "0..*",
            description = "Kernel logs (plain, gzip, xz or zstd). '-' or none reads standard input.")
    List<String> files = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Mixin
    StacktraceOption stacktrace;

    boolean json() {
        return format == Format.json;
    }
}
