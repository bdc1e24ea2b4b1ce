package org.koops.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ListCommandTest {
    @Test
    void oneLinePerReportWithLineAndTime() {
        CliRun run = CliRun.of("list", CliRun.SAMPLE);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).hasLineCount(1)
                .isEqualTo(CliRun.SAMPLE
                        + ":13 [325.912311] BUG: unable to handle kernel NULL pointer dereference in demo_show\n");
    }

    @Test
    void jsonLocatesEachReport() throws Exception {
        CliRun run = CliRun.of("list", "--format=json", CliRun.SAMPLE);

        JsonNode entry = new ObjectMapper().readTree(run.out());
        assertThat(entry.get("input").asText()).isEqualTo(CliRun.SAMPLE);
        assertThat(entry.get("line").asLong()).isEqualTo(13);
        assertThat(entry.get("seconds").asDouble()).isEqualTo(325.912311);
        assertThat(entry.get("kind").asText()).isEqualTo("NULL_POINTER_DEREFERENCE");
    }

    @Test
    void theTitleShownKeepsTheReportsNumbersAndNamesThePlaceOfACutReport(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("two.log"), """
                [    2.000000] Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)
                [    9.000000] WARNING: CPU: 4 PID: 0 at drivers/lab/lab_nf.c:62 lab_target+0x68f/0xfd0 [lab_nf]
                [    9.000001] Modules linked in: lab_nf(OE)
                [    9.000002] Call Trace:
                [    9.000003]  <IRQ>
                """);

        CliRun run = CliRun.of("list", log.toString());
        CliRun json = CliRun.of("list", "--format=json", log.toString());

        assertThat(run.out()).isEqualTo(log + ":1 [2.000000] kernel panic: VFS: Unable to mount root fs on unknown-block(0,0)"
                + " (damaged)\n"
                + log + ":2 [9.000000] WARNING in lab_target [lab_nf] (no usable stack frame in the report) (damaged)\n")
                .doesNotContain("NUM").doesNotContain("corrupted");
        assertThat(json.out()).contains("\"title\":\"kernel panic: VFS: Unable to mount root fs on unknown-block(NUM,NUM)\"")
                .contains("\"title\":\"WARNING in corrupted\"");
    }

    @Test
    void nothingFoundExitsOne(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("empty.log"), "");

        CliRun run = CliRun.of("list", log.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.NO_REPORT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("koops: no crash report found in " + log + "\n");
    }

    @Test
    void aPastedCopyIsMarked(@TempDir Path dir) throws Exception {
        String sample = Files.readString(Path.of(CliRun.SAMPLE));
        Path log = Files.writeString(dir.resolve("twice.log"), sample + sample);

        CliRun run = CliRun.of("list", log.toString());

        assertThat(run.out().lines()).hasSize(2).last().asString()
                .startsWith(log + ":84 [325.912311] ").endsWith(" (same as report #1)");
    }
}
