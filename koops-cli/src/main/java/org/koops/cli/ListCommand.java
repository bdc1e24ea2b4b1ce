package org.koops.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.koops.json.ReportJson;
import org.koops.model.CrashReport;
import org.koops.model.LinePrefix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true, versionProvider = KoopsCommand.Version.class,
        description = "Lists the crash reports in kernel logs, one line each: where it starts, its time stamp"
                + " and its title.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.FOUND_HELP, ExitCodes.NO_REPORT_HELP, ExitCodes.USAGE_HELP, ExitCodes.INTERNAL_ERROR_HELP,
                ExitCodes.TRUNCATED_HELP},
        footerHeading = "%nExamples:%n",
        footer = {"  koops list /var/log/kern.log /var/log/kern.log.1",
                "  koops list --format=json dmesg.txt | jq -r .title"})
final class ListCommand implements Callable<Integer> {
    @Mixin
    InputOptions inputs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ReportJson json = ReportJson.create();
        return new InputReader(spec.commandLine().getErr(), inputs.stacktrace.requested).run(inputs.files, (input, r) -> {
            out.println(inputs.json() ? ReportJson.toLine(json.listEntry(input, r)) : line(input, r));
            out.flush();
        });
    }

    /** {@code dmesg.txt:12 [325.912311] BUG: kernel NULL pointer dereference in demo_show}. */
    static String line(String input, CrashReport r) {
        StringBuilder s = new StringBuilder(input).append(':').append(r.startLine()).append(' ');
        LinePrefix prefix = r.lines().isEmpty() ? LinePrefix.NONE : r.lines().get(0).prefix();
        if (prefix.seconds() != null) {
            s.append(String.format(Locale.ROOT, "[%.6f] ", prefix.seconds()));
        } else if (prefix.wallClock() != null) {
            s.append('[').append(prefix.wallClock()).append("] ");
        }
        s.append(r.displayTitle());
        if (r.duplicateOf() != null) {
            s.append(" (same as report #").append(r.duplicateOf() + 1).append(')');
        } else if (r.corrupted()) {
            s.append(" (damaged)");
        }
        return s.toString();
    }
}
