package org.koops.dump;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.BeforeAll;
import org.koops.LogInput;
import org.koops.LogInputs;

/**
 * A directory of files of any bytes, read as {@code koops explain /sys/fs/pstore} or {@code /var/crash}
 * reads one: which files are logs, dumps (through {@link VmcoreExtractor}) or pstore records, the
 * records' parts joined, compressed ones inflated, each log opened and read to its end. The input is the
 * files' bytes, one after another, each ended by {@link #SEPARATOR}; they are named as ramoops names its
 * records. Every log is read or fails with a one-line {@link IOException}; nothing else is thrown, and
 * the memory allocated and CPU time spent stay within a budget whatever the files claim. Replayed from
 * {@code LogDirectoryFuzzTestInputs/} in every test run; fuzzed with {@code mvn -Pfuzz}, starting from the
 * crash lab's ramoops records ({@link #writeSeeds}).
 */
class LogDirectoryFuzzTest {
    /** Ends a file in the input: a line holding two NUL bytes, which no log or record has. */
    static final byte[] SEPARATOR = {'\n', 0, 0, '\n'};
    private static final int MAX_FILES = 6;
    /** Two of the most text a dump's log keeps, and the largest inflated record, with buffers' growth. */
    private static final long ALLOCATION = 1L << 30;
    private static final long CPU_NANOS = 10_000_000_000L;
    /** While fuzzing, Jazzer's coverage counters and comparison hooks run on every call: the budgets are scaled. */
    private static final long INSTRUMENTED = System.getenv("JAZZER_FUZZ") == null ? 1 : 20;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final Path ROOT;

    static {
        try {
            Path shm = Path.of("/dev/shm");
            ROOT = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "koops-fuzz-")
                    : Files.createTempDirectory("koops-fuzz-");
            ROOT.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @BeforeAll
    static void seeds() throws IOException {
        if (System.getenv("JAZZER_FUZZ") != null) {
            writeSeeds(Path.of(".cifuzz-corpus", LogDirectoryFuzzTest.class.getName(), "directory", "seeds"));
        }
    }

    @FuzzTest
    void directory(byte[] input) throws IOException {
        List<Path> files = new ArrayList<>();
        Path dir = Files.createDirectory(ROOT.resolve("d"));
        try {
            int start = 0;
            for (int i = 0; i < MAX_FILES && start <= input.length; i++) {
                int end = i == MAX_FILES - 1 ? -1 : indexOf(input, SEPARATOR, start);
                int stop = end < 0 ? input.length : end;
                files.add(Files.write(dir.resolve("dmesg-ramoops-" + i), java.util.Arrays.copyOfRange(input, start, stop)));
                start = end < 0 ? input.length + 1 : end + SEPARATOR.length;
            }
            long allocated = THREADS.getCurrentThreadAllocatedBytes();
            long cpu = THREADS.getCurrentThreadCpuTime();
            for (LogInput log : LogInputs.find(dir)) {
                assertThat(log.name()).isNotBlank();
                assertThat(log.kind()).isNotBlank();
                try (InputStream in = log.open()) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                } catch (IOException e) {
                    assertThat(e.getMessage()).as("the error reading %s", log.kind()).isNotBlank().doesNotContain("\n");
                }
                for (String problem : log.problems()) {
                    assertThat(problem).as("a problem of %s", log.kind()).isNotBlank().doesNotContain("\n");
                }
            }
            assertThat(THREADS.getCurrentThreadAllocatedBytes() - allocated).as("bytes allocated for %d bytes of files", input.length)
                    .isLessThanOrEqualTo(INSTRUMENTED * ALLOCATION);
            assertThat(THREADS.getCurrentThreadCpuTime() - cpu).as("CPU nanoseconds for %d bytes of files", input.length)
                    .isLessThanOrEqualTo(INSTRUMENTED * CPU_NANOS);
        } finally {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
            Files.delete(dir);
        }
    }

    private static int indexOf(byte[] data, byte[] part, int from) {
        outer:
        for (int i = from; i <= data.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (data[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * The crash lab's two ramoops records of one oops: as they are, one part alone, the parts deflated as
     * the kernel leaves a record it could not decompress ({@code .enc.z}), beside a plain log and beside
     * the fixtures' dump.
     */
    static void writeSeeds(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path lab = Path.of("..", "lab", "fixtures", "pstore", "x86_64", "proc-null-read");
        byte[] part0 = Files.readAllBytes(lab.resolve("dmesg-ramoops-0"));
        byte[] part1 = Files.readAllBytes(lab.resolve("dmesg-ramoops-1"));
        byte[] log = "[    1.000000] Linux version 6.1.0 (a@b) #1 SMP\n[    2.000000] BUG: unable to handle page fault\n"
                .getBytes(StandardCharsets.US_ASCII);
        Files.write(dir.resolve("ramoops-two-parts"), joined(part0, part1));
        Files.write(dir.resolve("ramoops-one-part"), joined(part1));
        Files.write(dir.resolve("ramoops-deflated"), joined(deflated(part0), deflated(part1)));
        Files.write(dir.resolve("ramoops-and-log"), joined(part0, part1, log));
        Files.write(dir.resolve("ramoops-and-vmcore"), joined(part0, Fixtures.vmcore()));
    }

    private static byte[] joined(byte[]... files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] f : files) {
            out.writeBytes(f);
            out.writeBytes(SEPARATOR);
        }
        return out.toByteArray();
    }

    private static byte[] deflated(byte[] data) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }
}
