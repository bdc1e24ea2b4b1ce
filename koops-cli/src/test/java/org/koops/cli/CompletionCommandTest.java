package org.koops.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CompletionCommandTest {
    @Test
    void printsABashScriptForEveryCommand() {
        CliRun run = CliRun.of("completion");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith("#!/usr/bin/env bash")
                .contains("complete -F _complete_koops", "explain", "list", "--format", "--color");
    }
}
