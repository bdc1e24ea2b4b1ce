package org.koops.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

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
        footerHeading = "%nExamples:%n",
        footer = {"  koops explain /var/log/kern.log",
                "  dmesg | koops explain --brief",
                "  journalctl -k -b -1 | koops explain",
                "  koops explain --format=json crash.log.gz | jq -r '.reports[].title'"})
final class ExplainCommand implements Callable<Integer> {
    @Mixin
    InputOptions inputs;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour the text: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}: only on a terminal,"
                    + " and not when NO_COLOR is set).")
    Style.ColorMode color;

    @Option(names = "--brief", description = "The summaries only, without the annotated lines (also in JSON).")
    boolean brief;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ReportJson json = ReportJson.create().withAnnotated(!brief);
        ReportText text = ReportText.create(Style.of(color, Terminals.stdout(), System.getenv("NO_COLOR")), brief);
        return new InputReader(spec.commandLine().getErr(), inputs.stacktrace).run(inputs.files, analysis -> {
            if (inputs.json()) {
                out.println(ReportJson.toLine(json.tree(analysis)));
            } else {
                Map<Integer, Long> copies = analysis.reports().stream().filter(r -> r.duplicateOf() != null)
                        .collect(Collectors.groupingBy(CrashReport::duplicateOf, Collectors.counting()));
                analysis.reports().forEach(r -> text.print(out, analysis.input(), r,
                        copies.getOrDefault(r.index(), 0L)));
            }
            out.flush();
        });
    }
}
