package org.koops.cli;

import java.util.concurrent.Callable;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "completion", mixinStandardHelpOptions = true, versionProvider = KoopsCommand.Version.class,
        description = "Prints a bash completion script for koops.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.OK + ":the script was printed", ExitCodes.USAGE + ":bad usage", ExitCodes.BUG_HELP},
        footerHeading = "%nExamples:%n",
        footer = {"  # in this shell:",
                "  source <(koops completion)",
                "  # in every new shell:",
                "  koops completion > ~/.local/share/bash-completion/completions/koops"})
final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash("koops", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
