package org.koops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusCommandTest {
    /** A console log without a crash, which syzkaller's negative tests expect to stay quiet. */
    private static final String QUIET = "\n[    1.000000] random: crng init done\n";
    private static final String WARNING = "FILE: net/ipv6/ip6_output.c\n\n"
            + "WARNING: CPU: 0 PID: 1 at net/ipv6/ip6_output.c:10 ip6_xmit+0x1/0x2 net/ipv6/ip6_output.c:10\n";

    @Test
    void everyFileAgreeingExitsZero(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("report"));
        Files.writeString(dir.resolve("report/1"), QUIET);
        Files.createDirectories(dir.resolve("guilty"));
        Files.writeString(dir.resolve("guilty/1"), WARNING);

        CliRun run = CliRun.of("corpus", dir.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("""
                2 files, 2 agree on every field

                  header         2/2
                  crash          1/1
                  suppressed     1/1
                  panicked       1/1
                  guilty         1/1
                """);
    }

    @Test
    void disagreementsAreListedAndExitOne(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("1"), QUIET);
        Files.writeString(dir.resolve("2"), "TITLE: BUG: soft lockup in foo\nCOLOR: blue\n" + QUIET);
        Files.writeString(dir.resolve("README"), "not a test file");

        CliRun run = CliRun.of("corpus", dir.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.DIFFERENCES);
        assertThat(run.out()).startsWith("2 files, 1 agree on every field\n\n  header         1/2  (1 differ)\n")
                .endsWith("\nDisagreements:\n"
                        + dir.getFileName() + "/2 header: [] ≠ [COLOR: blue]\n"
                        + dir.getFileName() + "/2 crash: true ≠ false\n");
    }

    @Test
    void aMissingDirectoryIsAnError(@TempDir Path dir) {
        CliRun run = CliRun.of("corpus", dir.resolve("nowhere").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("koops: cannot read " + dir.resolve("nowhere") + ": no such directory\n");
    }

    @Test
    void helpListsItsOwnExitCodes() {
        CliRun run = CliRun.of("corpus", "--help");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("Exit codes:\n  0   every file agrees on every field\n  1   some files disagree\n");
    }
}
