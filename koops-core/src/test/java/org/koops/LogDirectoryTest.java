package org.koops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The logs of a directory: pstore records joined from their parts, saved logs, and nothing else. */
class LogDirectoryTest {
    private static final String OLDER = """
            <4>[   12.100000] BUG: kernel NULL pointer dereference, address: 0000000000000010
            <1>[   12.100100] #PF: supervisor read access in kernel mode
            """;
    private static final String NEWER = """
            <4>[   12.100200] RIP: 0010:demo_show+0x13/0x30 [demo]
            <0>[   12.100300] Kernel panic - not syncing: Fatal exception
            """;

    @TempDir
    Path dir;

    private static String text(LogInput log) throws IOException {
        try (InputStream in = log.open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Path record(String name, String text, long time) throws IOException {
        Path file = Files.writeString(dir.resolve(name), text);
        Files.setLastModifiedTime(file, FileTime.fromMillis(time));
        return file;
    }

    @Test
    void thePartsOfADumpAreJoinedOldestFirst() throws IOException {
        // pstore_dump() writes Part1 (the newest lines) first: dmesg-ramoops-0.
        record("dmesg-ramoops-0", "Panic#1 Part1\n" + NEWER, 1_000_000);
        record("dmesg-ramoops-1", "Panic#1 Part2\n" + OLDER, 1_000_000);
        Files.writeString(dir.resolve("console-ramoops-0"), "not a kernel line\n");

        List<LogInput> logs = LogInputs.find(dir);

        assertThat(logs).hasSize(1);
        LogInput log = logs.get(0);
        assertThat(log.name()).isEqualTo(dir.resolve("dmesg-ramoops-0").toString());
        assertThat(log.kind()).isEqualTo("pstore record Panic#1, parts 2..1 from dmesg-ramoops-1 dmesg-ramoops-0");
        assertThat(text(log)).isEqualTo(OLDER + NEWER);
        assertThat(log.problems()).isEmpty();
        assertThat(Koops.create().withoutDisassembler().analyze(log.name(), log.open()).reports())
                .extracting(r -> r.title()).containsExactly("BUG: unable to handle kernel NULL pointer dereference in demo_show");
    }

    /** The crash lab's ramoops records (lab/pstore.sh): the oops, then the panic it led to (oops=panic), Part1 each. */
    @Test
    void theLabsRamoopsRecordsAreTheOopsAndThePanic() throws IOException {
        Path pstore = Path.of("..", "lab", "fixtures", "pstore", "x86_64", "proc-null-read");

        List<LogInput> logs = LogInputs.find(pstore);

        assertThat(logs).extracting(LogInput::kind).containsExactly("pstore record Oops#1", "pstore record Panic#2");
        for (LogInput log : logs) {
            assertThat(Koops.create().withoutDisassembler().analyze(log.name(), log.open()).reports())
                    .as(log.name()).first().satisfies(r -> assertThat(r.title())
                            .isEqualTo("BUG: unable to handle kernel NULL pointer dereference in lab_proc_null_show"));
            assertThat(log.problems()).isEmpty();
        }
        assertThat(text(logs.get(1))).endsWith("Kernel panic - not syncing: Fatal exception\n"
                + "<0>[   22.892570] Kernel Offset: 0x1e00000 from 0xffffffff81000000 (relocation range: 0xffffffff80000000-0xffffffffbfffffff)\n");
    }

    @Test
    void dumpsOfOtherCrashesAreNotMixedAndAMissingPartIsSaid() throws IOException {
        record("dmesg-efi-100", "Oops#1 Part1\n" + NEWER, 1_000_000);
        record("dmesg-efi-101", "Oops#1 Part3\n" + OLDER, 1_000_000);
        record("dmesg-efi-200", "Panic#2 Part1\n" + NEWER, 2_000_000);

        List<LogInput> logs = LogInputs.find(dir);

        assertThat(logs).extracting(LogInput::name).containsExactly(dir.resolve("dmesg-efi-100").toString(),
                dir.resolve("dmesg-efi-200").toString());
        assertThat(text(logs.get(0))).isEqualTo(OLDER + NEWER);
        assertThat(logs.get(0).problems()).containsExactly("Part2 of Oops#1 is missing");
        assertThat(logs.get(1).problems()).isEmpty();
    }

    @Test
    void dumpsOfTwoBootsWithTheSameCountAreToldApartByTheirTime() throws IOException {
        record("dmesg-ramoops-0", "Panic#1 Part1\n" + NEWER, 1_000_000);
        record("dmesg-ramoops-1", "Panic#1 Part2\n" + OLDER, 1_000_000);
        record("dmesg-ramoops-2", "Panic#1 Part1\n" + NEWER, 9_000_000);

        List<LogInput> logs = LogInputs.find(dir);

        assertThat(logs).extracting(LogInput::name).containsExactly(dir.resolve("dmesg-ramoops-0").toString(),
                dir.resolve("dmesg-ramoops-2").toString());
        assertThat(text(logs.get(0))).isEqualTo(OLDER + NEWER);
        assertThat(text(logs.get(1))).isEqualTo(NEWER);
    }

    @Test
    void aCompressedRecordIsInflated() throws IOException {
        byte[] text = ("Panic#1 Part1\n" + OLDER + NEWER).getBytes(StandardCharsets.UTF_8);
        for (boolean raw : new boolean[] {true, false}) {
            Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, raw);
            deflater.setInput(text);
            deflater.finish();
            byte[] out = new byte[4096];
            int n = deflater.deflate(out);
            deflater.end();
            Path file = Files.write(dir.resolve("dmesg-ramoops-0.enc.z"), java.util.Arrays.copyOf(out, n));

            List<LogInput> logs = LogInputs.find(dir);

            assertThat(logs).hasSize(1);
            assertThat(text(logs.get(0))).isEqualTo(OLDER + NEWER);
            Files.delete(file);
        }
    }

    @Test
    void savedLogsAreFoundBelowAndOtherFilesPassedOver() throws IOException {
        Path crash = Files.createDirectories(dir.resolve("202612061530"));
        Files.writeString(crash.resolve("dmesg.202612061530"), "[   12.100000] BUG: kernel NULL pointer dereference\n");
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write("Dec  6 10:00:01 host kernel: [   12.1] Oops: 0000\n".getBytes(StandardCharsets.UTF_8));
        }
        Files.write(dir.resolve("kern.log.2.gz"), gz.toByteArray());
        Files.writeString(dir.resolve("notes.txt"), "nothing of the kernel here\n");
        Files.write(dir.resolve("blob.bin"), new byte[] {0, 1, 2, 3, (byte) 0xff});
        Path deep = Files.createDirectories(dir.resolve("a/b/c/d/e"));
        Files.writeString(deep.resolve("dmesg.txt"), "[    1.0] too deep\n");

        assertThat(LogInputs.find(dir)).extracting(LogInput::name).containsExactly(
                crash.resolve("dmesg.202612061530").toString(), dir.resolve("kern.log.2.gz").toString());
        assertThat(LogInputs.find(dir)).extracting(LogInput::kind).containsOnly("log");
    }

    @Test
    void aFileIsOneLogAndAPipeIsReadOnce() throws IOException {
        Path log = Files.writeString(dir.resolve("any name"), "whatever it holds\n");
        List<LogInput> logs = LogInputs.find(log);
        assertThat(logs).hasSize(1);
        assertThat(logs.get(0).file()).isEqualTo(log);
        assertThat(text(logs.get(0))).isEqualTo("whatever it holds\n");
        assertThat(LogInputs.find(dir.resolve("missing"))).hasSize(1).first().satisfies(
                missing -> assertThat(missing.file()).isNull());
    }
}
