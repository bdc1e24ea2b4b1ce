package org.koops.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.koops.Koops;
import org.koops.LogInput;
import org.koops.debuginfo.AccessNamers;
import org.koops.debuginfo.KernelDebugInfo;
import org.koops.debuginfo.ReportSources;
import org.koops.disasm.ReportAccess;
import org.koops.json.InputJsonWriter;
import org.koops.json.ReportJson;
import org.koops.model.CrashReport;
import org.koops.text.ReportText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "explain", mixinStandardHelpOptions = true, versionProvider = KoopsCommand.Version.class,
        description = {"Explains every crash report in kernel logs: the likely cause, the culprit, what led there,"
                + " what it left behind and what to do next, then each line of the report with what it means."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.FOUND_HELP, ExitCodes.NO_REPORT_HELP, ExitCodes.USAGE_HELP, ExitCodes.INTERNAL_ERROR_HELP,
                ExitCodes.TRUNCATED_HELP},
        footerHeading = "%nExamples:%n",
        footer = {"  journalctl -k -b -1 | koops explain --brief    # the previous boot, summaries only",
                "  koops explain --format=json crash.log.gz | jq -r '.reports[].title'",
                "  koops explain --vmlinux /usr/lib/debug/boot/vmlinux-$(uname -r) \\",
                "                --modules /usr/lib/debug/lib/modules/$(uname -r) crash.log   # file:line per entry"})
final class ExplainCommand implements Callable<Integer> {
    @Mixin
    InputOptions inputs;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour the text: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}: only on a terminal,"
                    + " and not when NO_COLOR is set).")
    Style.ColorMode color;

    @Option(names = "--brief", description = "The summaries only, without the annotated lines (also in JSON).")
    boolean brief;

    @Mixin
    DebugInfoOptions debugInfo;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ReportJson json = ReportJson.create().withAnnotated(!brief);
        ReportText text = ReportText.create(Style.of(color, Terminals.stdout(), System.getenv("NO_COLOR")), brief);
        ReportListener listener = inputs.json() ? new JsonListener(out, json) : new TextListener(out, text);
        if (debugInfo.given()) {
            String problem = debugInfo.problem();
            if (problem != null) {
                spec.commandLine().getErr().println("koops: " + problem + " (see 'koops explain --help')");
                return ExitCodes.USAGE;
            }
        }
        try (SourcesListener sources = new SourcesListener(listener, debugInfo)) {
            return run(sources);
        }
    }

    private int run(ReportListener listener) {
        return new InputReader(spec.commandLine().getErr(), inputs.stacktrace.requested, Koops.create())
                .run(inputs.files, listener);
    }

    /**
     * Adds each entry's source location from the debug info, and what the faulting instruction
     * accessed, before the report is written: to every input's reports when debug options are given;
     * otherwise to a crash dump's, when its kernel's debug file is found by the build id and release
     * the dump names (debug directories, debuginfod), as {@code koops decode} finds it. The debug info
     * is opened only for such inputs.
     */
    private static final class SourcesListener implements ReportListener, AutoCloseable {
        private final ReportListener next;
        private final DebugInfoOptions options;
        private KernelDebugInfo kernel;
        private ReportSources sources;
        private AccessNamers namers;
        private boolean annotating;

        SourcesListener(ReportListener next, DebugInfoOptions options) {
            this.next = next;
            this.options = options;
        }

        @Override
        public void begin(String input, LogInput.Kernel dumped) {
            annotating = options.given();
            if (dumped != null && dumped.buildId() != null) {
                open().kernelBuildId(dumped.release(), dumped.buildId());
                annotating |= kernel.debugFile(null, null, dumped.release()).file() != null;
            }
            if (annotating) {
                open();
            }
            next.begin(input, dumped);
        }

        private KernelDebugInfo open() {
            if (kernel == null) {
                kernel = options.kernel();
                sources = new ReportSources(kernel);
                namers = AccessNamers.of(kernel);
            }
            return kernel;
        }

        @Override
        public void report(String input, CrashReport r) {
            next.report(input, annotating ? ReportAccess.annotate(sources.annotate(r), namers) : r);
        }

        @Override
        public void end(String input, Koops.ScanStats stats) {
            next.end(input, stats);
        }

        @Override
        public void close() {
            if (kernel != null) {
                kernel.close();
            }
        }
    }

    /** One JSON Lines document per input, written report by report. */
    private static final class JsonListener implements ReportListener {
        private final PrintWriter out;
        private final ReportJson json;
        private InputJsonWriter writer;

        JsonListener(PrintWriter out, ReportJson json) {
            this.out = out;
            this.json = json;
        }

        @Override
        public void begin(String input) {
            writer = InputJsonWriter.open(out, json, input);
        }

        @Override
        public void report(String input, CrashReport r) {
            writer.report(r);
        }

        @Override
        public void end(String input, Koops.ScanStats stats) {
            writer.close(stats == null ? null : stats.lines(), stats == null ? null : stats.bytes(),
                    stats == null ? null : stats.truncated());
        }
    }

    /**
     * Each report as it is found; a pasted copy as one line. How many times a report was pasted is
     * known only at the end of the input, so it is said there.
     */
    private static final class TextListener implements ReportListener {
        private final PrintWriter out;
        private final ReportText text;
        private final Map<Integer, Long> copies = new LinkedHashMap<>();

        TextListener(PrintWriter out, ReportText text) {
            this.out = out;
            this.text = text;
        }

        @Override
        public void report(String input, CrashReport r) {
            text.print(out, input, r, 0);
            if (r.duplicateOf() != null) {
                copies.merge(r.duplicateOf(), 1L, Long::sum);
            }
            out.flush();
        }

        @Override
        public void end(String input, Koops.ScanStats stats) {
            copies.forEach((index, n) -> text.printCopies(out, input, index, n));
            copies.clear();
            out.flush();
        }
    }
}
