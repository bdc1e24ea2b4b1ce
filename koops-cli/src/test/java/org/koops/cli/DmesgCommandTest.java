package org.koops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code koops dmesg}, and the other commands reading a vmcore and a pstore directory where they read a log. */
class DmesgCommandTest {
    /** The crash lab's kdump, reduced to the pages its log needs, and makedumpfile's reading of the whole dump. */
    static final Path FIXTURES = Path.of("..", "koops-dump", "src", "test", "resources", "org", "koops", "dump");

    @TempDir
    Path dir;

    static Path vmcore(Path dir) throws IOException {
        Path file = dir.resolve("dump.202612061639");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(FIXTURES.resolve("sysrq-crash.vmcore.gz")))) {
            Files.copy(in, file);
        }
        return file;
    }

    private Path pstore() throws IOException {
        Path pstore = Files.createDirectories(dir.resolve("pstore"));
        Files.writeString(pstore.resolve("dmesg-ramoops-0"), "Panic#1 Part1\n<0>[    9.270666] Kernel panic - not syncing: sysrq triggered crash\n");
        Files.writeString(pstore.resolve("dmesg-ramoops-1"), "Panic#1 Part2\n<6>[    9.269000] sysrq: Trigger a crash\n");
        return pstore;
    }

    @Test
    void printsTheLogAsMakedumpfileDoes() throws IOException {
        CliRun run = CliRun.of("dmesg", vmcore(dir).toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo(Files.readString(FIXTURES.resolve("sysrq-crash.makedumpfile-dmesg.txt")));
    }

    @Test
    void infoTellsTheKernelAndTheRegisters() throws IOException {
        Path vmcore = vmcore(dir);
        CliRun run = CliRun.of("dmesg", "--info", vmcore.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).startsWith(vmcore + ": ELF vmcore, x86_64\n  release:     6.1.0-57-amd64\n")
                .containsPattern("build id: +[0-9a-f]{40}\n").contains("CPU 0 (pid 86):").containsPattern("rip ffffffff[0-9a-f]{8}");
    }

    @Test
    void aPstoreDirectoryGivesItsRecordJoined() throws IOException {
        CliRun run = CliRun.of("dmesg", pstore().toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).isEqualTo("<6>[    9.269000] sysrq: Trigger a crash\n"
                + "<0>[    9.270666] Kernel panic - not syncing: sysrq triggered crash\n");
    }

    @Test
    void aDamagedDumpSaysWhatIsMissingAndAMissingFileFails() throws IOException {
        byte[] whole = Files.readAllBytes(vmcore(dir));
        // The fixture's last segment is its text ring: cut in the middle, the older records' text is there.
        Path cut = Files.write(dir.resolve("cut"), java.util.Arrays.copyOf(whole, whole.length - 4 * 4096));

        CliRun run = CliRun.of("dmesg", cut.toString(), dir.resolve("missing").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.out()).startsWith("[    0.000000] Linux version 6.1.0-57-amd64");
        assertThat(run.err()).contains("koops: " + cut + " (ELF vmcore of 6.1.0-57-amd64): ")
                .contains("could not be read").endsWith("koops: cannot read " + dir.resolve("missing") + ": no such file\n");
    }

    @Test
    void listAndExplainReadVmcoresAndPstoreDirectories() throws IOException {
        Path vmcore = vmcore(dir);
        CliRun list = CliRun.of("list", vmcore.toString(), pstore().toString());

        assertThat(list.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(list.err()).isEmpty();
        assertThat(list.out()).isEqualTo(vmcore + ":396 [9.270666] kernel panic: sysrq triggered crash\n"
                + dir.resolve("pstore/dmesg-ramoops-0") + ":2 [9.270666] kernel panic: sysrq triggered crash (damaged)\n");

        CliRun explain = CliRun.of("explain", "--brief", vmcore.toString());
        assertThat(explain.out()).contains("Cause:        deliberately triggered crash")
                .contains("It happened in process sh (PID 86)");
    }

    @Test
    void anEmptyDirectoryHoldsNoLog() {
        CliRun run = CliRun.of("list", dir.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.NO_REPORT);
        assertThat(run.err()).isEqualTo("koops: no kernel log, vmcore or pstore record found in " + dir + "\n");
    }
}
