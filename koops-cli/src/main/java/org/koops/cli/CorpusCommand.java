package org.koops.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

import org.koops.Koops;
import org.koops.corpus.Conformance;
import org.koops.corpus.WildCorpus;
import org.koops.json.WildManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "corpus", mixinStandardHelpOptions = true, versionProvider = KoopsCommand.Version.class,
        description = {"Checks koops against a corpus of crash logs with known answers: syzkaller's crash-report test"
                + " corpus (pkg/report/testdata/linux), or a folder of real users' logs described by a MANIFEST.json"
                + " (its file, arch, first_line, function, module and reports). Prints, per field, how many files agree,"
                + " then each file and field that does not."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.OK + ":every file agrees on every field",
                ExitCodes.DIFFERENCES + ":some files disagree",
                ExitCodes.USAGE + ":bad usage, or DIR could not be read",
                ExitCodes.INTERNAL_ERROR_HELP},
        footerHeading = "%nExamples:%n",
        footer = {"  koops corpus ../shared/corpus/syzkaller-linux         # report/, all-report/ and guilty/",
                "  koops corpus ../shared/corpus/syzkaller-linux/guilty  # one folder",
                "  koops corpus ../shared/corpus/wild                    # real logs and their MANIFEST.json"})
final class CorpusCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR",
            description = "The corpus root (holding report/, all-report/ and guilty/), one of those folders,"
                    + " or a folder of logs with a MANIFEST.json.")
    Path dir;

    @Mixin
    StacktraceOption stacktrace;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Conformance.Outcome> outcomes;
        try {
            if (!Files.isDirectory(dir)) {
                throw new IOException(Files.exists(dir) ? "not a directory" : "no such directory");
            }
            if (Files.isRegularFile(dir.resolve(WildManifest.NAME))) {
                return printWild(new WildCorpus(Koops.create().withoutDisassembler()).check(dir, WildManifest.read(dir)), out);
            }
            outcomes = new Conformance(Koops.create().withoutDisassembler()).check(dir);
        } catch (IOException e) {
            err.println("koops: cannot read " + dir + ": " + e.getMessage());
            if (stacktrace.requested) {
                e.printStackTrace(err);
            }
            return ExitCodes.USAGE;
        }
        if (outcomes.isEmpty()) {
            err.println("koops: no corpus files (named by a number) in " + dir);
            return ExitCodes.USAGE;
        }
        long agree = outcomes.stream().filter(Conformance.Outcome::agrees).count();
        out.printf("%d files, %d agree on every field of syzkaller's%n%n", outcomes.size(), agree);
        for (Conformance.Figure f : Conformance.figures(outcomes)) {
            out.printf("  %-10s %5d/%d%s%n", f.field(), f.agree(), f.compared(),
                    f.agree() == f.compared() ? "" : "  (" + (f.compared() - f.agree()) + " differ)");
        }
        if (outcomes.stream().anyMatch(o -> o.differences().values().stream().anyMatch(Objects::nonNull))) {
            out.printf("%nDisagreements:%n");
            for (Conformance.Outcome o : outcomes) {
                o.differences().forEach((field, diff) -> {
                    if (diff != null) {
                        out.printf("%s %s: %s%n", o.file(), field, diff);
                    }
                });
            }
        }
        out.flush();
        return agree == outcomes.size() ? ExitCodes.OK : ExitCodes.DIFFERENCES;
    }

    private static int printWild(List<WildCorpus.Outcome> outcomes, PrintWriter out) {
        long right = outcomes.stream().filter(WildCorpus.Outcome::right).count();
        out.printf("%d logs, %d right (report found, function, module and arch)%n%n", outcomes.size(), right);
        for (Conformance.Figure f : WildCorpus.figures(outcomes)) {
            out.printf("  %-10s %5d/%d%n", f.field(), f.agree(), f.compared());
        }
        if (outcomes.stream().anyMatch(o -> !o.agrees())) {
            out.printf("%nDisagreements:%n");
            for (WildCorpus.Outcome o : outcomes) {
                o.differences().forEach((field, diff) -> {
                    if (diff != null) {
                        out.printf("%s %s: %s%s%n", o.expected().file(), field, diff,
                                o.title() == null ? "" : "  [" + o.title() + "]");
                    }
                });
            }
        }
        out.flush();
        return outcomes.stream().allMatch(WildCorpus.Outcome::agrees) ? ExitCodes.OK : ExitCodes.DIFFERENCES;
    }
}
