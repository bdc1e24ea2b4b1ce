package org.koops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The options naming where debug info is mean the same and read the same in koops serve and the commands that symbolise. */
class DebugOptionsHelpTest {
    private static final List<String> SHARED = List.of("--debug-dir", "--sysroot", "--debuginfod", "--no-debuginfod",
            "--debuginfod-cache");

    @Test
    void serveAndTheSymbolisingCommandsDescribeEachSharedOptionAlike() {
        CommandLine koops = KoopsCommand.commandLine();
        for (String option : SHARED) {
            OptionSpec serve = koops.getSubcommands().get("serve").getCommandSpec().findOption(option);
            assertThat(serve).as("serve " + option).isNotNull();
            for (String command : List.of("explain", "decode", "disasm")) {
                OptionSpec other = koops.getSubcommands().get(command).getCommandSpec().findOption(option);
                assertThat(other).as(command + " " + option).isNotNull();
                assertThat(other.description()).as(command + " " + option).containsExactly(serve.description());
                assertThat(other.paramLabel()).as(command + " " + option).isEqualTo(serve.paramLabel());
            }
        }
    }

    @Test
    void aMissingDebugDirectoryIsAUsageErrorInEachCommand() {
        String missing = java.nio.file.Path.of("no-such-debug-dir").toAbsolutePath().toString();

        CliRun explain = CliRun.of("explain", "--debug-dir", missing, CliRun.SAMPLE);
        CliRun serve = CliRun.of("serve", "--debug-dir", missing, "--port", "0");

        assertThat(explain.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(explain.err()).contains("cannot read " + missing + ": no such directory");
        assertThat(serve.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(serve.err()).contains("cannot read " + missing + ": no such directory");
    }
}
