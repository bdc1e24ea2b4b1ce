package org.koops.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import static org.assertj.core.api.Assertions.assertThat;

class KoopsCommandTest {
    @Test
    void helpListsTheUsersCommandsFirstAndTheMeasuresUnderTheirOwnHeading() {
        CliRun run = CliRun.of("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        List<String> names = run.out().lines().filter(l -> l.matches("  [a-z][a-z0-9-]+ .*"))
                .map(l -> l.strip().split(" ")[0]).toList();
        assertThat(names).startsWith("explain", "list", "dmesg", "decode", "addr2line", "disasm", "submit", "serve", "token",
                "completion").containsSubsequence("completion", "corpus", "bench", "bench-symbols", "bench-disasm",
                "bench-dump", "bench-server");
        assertThat(run.out()).containsSubsequence("Commands:\n  explain", "\nMeasuring koops", ":\n  corpus")
                .contains("Examples:", "dmesg | koops explain")
                .doesNotContain("Exit codes:");
    }

    /** Every command of the table has examples and its own exit codes: a new command cannot borrow explain's. */
    @Test
    void eachCommandsHelpHasTwoOrThreeExamplesAndItsOwnExitCodes() {
        for (String name : KoopsCommand.commands().keySet()) {
            CommandLine.Model.UsageMessageSpec usage = KoopsCommand.commandLine(name).getSubcommands().get(name)
                    .getCommandSpec().usageMessage();
            assertThat(usage.exitCodeList()).as(name).containsKey("2");
            List<String> footer = List.of(usage.footer());
            long examples = 0;
            for (int i = 0; i < footer.size(); i++) {
                boolean continued = i > 0 && footer.get(i - 1).endsWith("\\");
                if (footer.get(i).contains("koops ") && !continued) {
                    examples++;
                }
            }
            assertThat(examples).as(name + ": " + footer).isBetween(2L, 3L);
        }
        assertThat(CliRun.of("serve", "--help").out()).doesNotContain("crash report was found");
        assertThat(CliRun.of("explain", "--help").out()).contains("1   no crash report was found");
    }

    @Test
    void subcommandHelpShowsItsOptionsAndExitCodes() {
        CliRun run = CliRun.of("explain", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: koops explain")
                .contains("--format=FORMAT", "text, json", "--color=WHEN", "auto, always, never", "--brief",
                        "--stacktrace", "Exit codes:");
    }

    @Test
    void aRunBuildsOnlyTheCommandItNamesButCompletionAndTyposSeeThemAll() {
        assertThat(KoopsCommand.commandLine("decode").getSubcommands()).containsOnlyKeys("decode");
        assertThat(KoopsCommand.commandLine("serve").getSubcommands()).containsOnlyKeys("serve");
        assertThat(KoopsCommand.commandLine("completion").getSubcommands()).containsKeys("explain", "decode", "serve", "completion");
        assertThat(KoopsCommand.commandLine("explian").getSubcommands()).containsKeys("explain", "decode", "serve", "completion");
        assertThat(KoopsCommand.commandLine("--help").getSubcommands()).hasSameSizeAs(KoopsCommand.commandLine().getSubcommands());
    }

    @Test
    void eachCommandIsFoundByTheNameOfItsAnnotation() {
        KoopsCommand.commands().forEach((name, command) ->
                assertThat(command.getAnnotation(Command.class).name()).as(command.getName()).isEqualTo(name));
    }

    @Test
    void noOptionHasATypeWhoseConverterIsLeftOut() {
        List<CommandLine> commands = new ArrayList<>(List.of(KoopsCommand.commandLine()));
        for (int i = 0; i < commands.size(); i++) {
            commands.addAll(commands.get(i).getSubcommands().values());
            for (ArgSpec arg : commands.get(i).getCommandSpec().args()) {
                for (Class<?> type : arg.auxiliaryTypes()) {
                    assertThat(type.getName()).as(arg.toString()).doesNotStartWith("java.sql.").doesNotStartWith("java.time.");
                }
            }
        }
        assertThat(commands).hasSizeGreaterThan(KoopsCommand.commands().size());
    }

    @Test
    void versionNamesKoops() {
        CliRun run = CliRun.of("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("koops ");
    }

    @Test
    void noCommandShowsUsageOnStderr() {
        CliRun run = CliRun.of();

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("Usage: koops");
    }

    @Test
    void badUsageIsOneLine() {
        CliRun run = CliRun.of("explain", "--frob", CliRun.SAMPLE);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("koops: unknown option: '--frob' (see 'koops explain --help')\n");
    }

    @Test
    void badOptionValueIsOneLine() {
        CliRun run = CliRun.of("list", "--format=xml", CliRun.SAMPLE);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("koops: invalid value for option '--format'").hasLineCount(1);
    }

    @Test
    void internalErrorIsOneLineUnlessStacktraceIsAsked() {
        CommandSpec failing = CommandSpec.wrapWithoutInspection((Callable<Integer>) () -> {
            throw new IllegalStateException("boom");
        });
        failing.addOption(OptionSpec.builder("--stacktrace").arity("0").build());
        StringWriter err = new StringWriter();
        CommandLine cmd = KoopsCommand.commandLine().addSubcommand("fail", failing).setErr(new PrintWriter(err, true));

        assertThat(cmd.execute("fail")).isEqualTo(ExitCodes.INTERNAL_ERROR);
        assertThat(err.toString()).isEqualTo("koops: internal error: java.lang.IllegalStateException: boom"
                + " (rerun with --stacktrace for details)\n");

        err.getBuffer().setLength(0);
        assertThat(cmd.execute("fail", "--stacktrace")).isEqualTo(ExitCodes.INTERNAL_ERROR);
        assertThat(err.toString()).startsWith("java.lang.IllegalStateException: boom").contains("\tat ");
    }
}
