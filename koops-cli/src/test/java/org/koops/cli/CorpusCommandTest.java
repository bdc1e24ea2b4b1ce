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
                2 files, 2 agree on every field of syzkaller's

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
        assertThat(run.out()).startsWith("2 files, 1 agree on every field of syzkaller's\n\n  header         1/2  (1 differ)\n")
                .endsWith("\nDisagreements:\n"
                        + dir.getFileName() + "/2 header: [] ≠ [COLOR: blue]\n"
                        + dir.getFileName() + "/2 crash: true ≠ false\n");
    }

    @Test
    void aFolderWithAManifestIsCheckedAgainstIt(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("1.log"), "[   12.000000] BUG: unable to handle page fault for address: 0000000000000010\n"
                + "[   12.000100] RIP: 0010:demo_show+0x15/0x40 [koops_demo]\n");
        Files.writeString(dir.resolve("2.log"), QUIET);
        Files.writeString(dir.resolve("MANIFEST.json"), """
                [{"file": "1.log", "arch": "x86_64", "format": "dmesg",
                  "first_line": "BUG: unable to handle page fault for address: 0000000000000010",
                  "kind": "paging-request", "function": "demo_show", "module": "koops_demo", "reports": 1, "truncated": true},
                 {"file": "2.log", "arch": "arm", "format": "dmesg", "first_line": "Internal error: Oops: 17 [#1] ARM",
                  "kind": "oops", "function": null, "module": null, "reports": 1, "truncated": false}]
                """);

        CliRun run = CliRun.of("corpus", dir.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.DIFFERENCES);
        assertThat(run.out()).startsWith("2 logs, 1 right (report found, function, module and arch)\n\n"
                        + "  found          1/2\n  first_line     1/2\n  reports        1/2\n")
                .contains("\n  right          1/2\n")
                .endsWith("\nDisagreements:\n"
                        + "2.log found: true ≠ false\n"
                        + "2.log first_line: Internal error: Oops: 17 [#1] ARM ≠ null\n"
                        + "2.log reports: 1 ≠ 0\n"
                        + "2.log arch: arm ≠ null\n");
    }

    @Test
    void aManifestWithAnUnknownKeyIsAnError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("MANIFEST.json"), "[{\"file\": \"1.log\", \"colour\": \"blue\"}]");

        CliRun run = CliRun.of("corpus", dir.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo("koops: cannot read " + dir + ": MANIFEST.json: unknown key \"colour\" in the entry of 1.log\n");
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
