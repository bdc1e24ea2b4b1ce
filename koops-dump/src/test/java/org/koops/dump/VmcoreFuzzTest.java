package org.koops.dump;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.BeforeAll;

/**
 * A crash dump of any bytes, opened and read as {@code koops dmesg} reads it: its headers, notes and
 * VMCOREINFO, its log as records and as makedumpfile's text. Every outcome is a log with its problems said,
 * or a one-line {@link DumpException}; nothing else is thrown, the text kept stays within
 * {@link Vmcore#MAX_TEXT}, and the memory allocated and CPU time spent stay within a budget whatever
 * the headers claim (the reader follows them only as far as the pages the log needs). Replayed from
 * {@code VmcoreFuzzTestInputs/} in every test run; fuzzed with {@code mvn -Pfuzz}, starting from the
 * fixtures' dumps written in every form the reader knows ({@link #writeSeeds}).
 */
class VmcoreFuzzTest {
    /**
     * Allocation allowed for one dump: two copies of the most text kept (the records and makedumpfile's
     * form) with their buffers' growth, and the pages read to find it.
     */
    private static final long ALLOCATION = 1L << 30;
    private static final long CPU_NANOS = 10_000_000_000L;
    /** While fuzzing, Jazzer's coverage counters and comparison hooks run on every call: the budgets are scaled. */
    private static final long INSTRUMENTED = System.getenv("JAZZER_FUZZ") == null ? 1 : 20;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @BeforeAll
    static void seeds() throws IOException {
        if (System.getenv("JAZZER_FUZZ") != null) {
            writeSeeds(Path.of(".cifuzz-corpus", VmcoreFuzzTest.class.getName(), "vmcore", "seeds"));
        }
    }

    @FuzzTest
    void vmcore(byte[] input) {
        long allocated = THREADS.getCurrentThreadAllocatedBytes();
        long cpu = THREADS.getCurrentThreadCpuTime();
        try (Vmcore dump = Vmcore.open(new Fixtures.Bytes(input))) {
            DumpInfo info = dump.info();
            assertThat(info.format()).isNotBlank();
            Vmcore.Dmesg dmesg = dump.dmesg();
            KernelLog log = dump.log();
            assertThat(log.problems()).as("the problems of the records and of the text").isEqualTo(dmesg.problems());
            for (String problem : dmesg.problems()) {
                assertThat(problem).as("a problem").isNotBlank().doesNotContain("\n");
            }
            // The text stops at the record that passes the most kept.
            assertThat((long) dmesg.text().length).as("text kept").isLessThanOrEqualTo(2 * Vmcore.MAX_TEXT);
        } catch (DumpException e) {
            assertThat(e.getMessage()).as("the error").isNotBlank().doesNotContain("\n");
        } catch (IOException e) {
            throw new AssertionError("an IOException that is not a DumpException from bytes in memory: " + e, e);
        }
        assertThat(THREADS.getCurrentThreadAllocatedBytes() - allocated).as("bytes allocated for %d bytes of dump", input.length)
                .isLessThanOrEqualTo(INSTRUMENTED * ALLOCATION);
        assertThat(THREADS.getCurrentThreadCpuTime() - cpu).as("CPU nanoseconds for %d bytes of dump", input.length)
                .isLessThanOrEqualTo(INSTRUMENTED * CPU_NANOS);
    }

    /**
     * The fixtures' dumps as ELF, the lab's kdump also as kdump compressed with every page codec, and
     * both flattened: a start from which the fuzzer reaches every format's reader.
     */
    static void writeSeeds(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : new String[] {"sysrq-crash", "proc-null-read", "x86_64-sysrq-crash.qemu", "arm64-sysrq-crash.qemu"}) {
            Files.write(dir.resolve(name + ".elf"), Fixtures.vmcore(name));
        }
        Fixtures.Parts parts = Fixtures.Parts.of(Fixtures.vmcore());
        for (DumpWriter.Codec codec : DumpWriter.Codec.values()) {
            byte[] kdump = DumpWriter.kdump(parts.release(), parts.vmcoreinfo(), parts.notes(), parts.pages(),
                    parts.maxPfn(), codec);
            Files.write(dir.resolve("sysrq-crash.kdump-" + codec.name().toLowerCase(java.util.Locale.ROOT)), kdump);
            if (codec == DumpWriter.Codec.ZLIB) {
                Files.write(dir.resolve("sysrq-crash.kdump-zlib.flat"), DumpWriter.flattened(kdump, 4096));
            }
        }
        Files.write(dir.resolve("sysrq-crash.elf.flat"), DumpWriter.flattened(Fixtures.vmcore(), 4096));
    }
}
