package org.koops.dump;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.koops.Koops;
import org.koops.LogInput;
import org.koops.LogInputs;
import org.koops.model.CrashReport;

/**
 * The crash lab's kdump (a real /proc/vmcore, reduced to the pages the log needs): its log equals
 * makedumpfile's {@code --dump-dmesg} of the whole dump line for line, in every form a dump takes,
 * and holds the report the serial console showed.
 */
class VmcoreFixtureTest {
    @TempDir
    Path dir;

    private String dmesg(Path file) throws IOException {
        try (Vmcore dump = Vmcore.open(file)) {
            Vmcore.Dmesg d = dump.dmesg();
            assertThat(d.problems()).as(file.toString()).isEmpty();
            return new String(d.text(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void theElfVmcoreGivesMakedumpfilesLog() throws IOException {
        Path file = Fixtures.write(dir, "vmcore", Fixtures.vmcore());
        assertThat(dmesg(file)).isEqualTo(Fixtures.makedumpfileDmesg());
        try (Vmcore dump = Vmcore.open(file)) {
            DumpInfo info = dump.info();
            assertThat(info.format()).isEqualTo("ELF");
            assertThat(info.machine()).isEqualTo("x86_64");
            assertThat(info.release()).isEqualTo("6.1.0-57-amd64");
            assertThat(info.buildId()).matches("[0-9a-f]{40}");
            assertThat(info.crashTime()).isNotNull();
            assertThat(info.cpus()).hasSize(1);
            assertThat(info.cpus().get(0).registers()).containsKeys("rip", "rsp", "rax");
        }
    }

    @ParameterizedTest
    @EnumSource(DumpWriter.Codec.class)
    void theSamePagesKdumpCompressedGiveTheSameLog(DumpWriter.Codec codec) throws IOException {
        Fixtures.Parts parts = Fixtures.Parts.of(Fixtures.vmcore());
        byte[] kdump = DumpWriter.kdump(parts.release(), parts.vmcoreinfo(), parts.notes(), parts.pages(), parts.maxPfn(), codec);
        Path file = Fixtures.write(dir, "dump." + codec, kdump);
        assertThat(dmesg(file)).isEqualTo(Fixtures.makedumpfileDmesg());
        Path flat = Fixtures.write(dir, "dump." + codec + ".flat", DumpWriter.flattened(kdump, 65536));
        assertThat(dmesg(flat)).isEqualTo(Fixtures.makedumpfileDmesg());
        try (Vmcore dump = Vmcore.open(flat)) {
            assertThat(dump.info().format()).isEqualTo("flattened kdump compressed");
            assertThat(dump.info().crashingCpu()).isZero();
        }
    }

    @Test
    void aFlattenedElfVmcoreGivesTheSameLog() throws IOException {
        Path flat = Fixtures.write(dir, "vmcore.flat", DumpWriter.flattened(Fixtures.vmcore(), 4096));
        assertThat(dmesg(flat)).isEqualTo(Fixtures.makedumpfileDmesg());
    }

    @Test
    void recordsKeepTheirLevelsAndCallers() throws IOException {
        Path file = Fixtures.write(dir, "vmcore", Fixtures.vmcore());
        try (Vmcore dump = Vmcore.open(file)) {
            KernelLog log = dump.log();
            assertThat(log.problems()).isEmpty();
            assertThat(log.records()).hasSize(Fixtures.makedumpfileDmesg().split("\n").length);
            LogRecord panic = log.records().stream().filter(r -> r.text().startsWith("Kernel panic - not syncing"))
                    .findFirst().orElseThrow();
            assertThat(panic.level()).isZero();
            assertThat(panic.facility()).isZero();
            assertThat(panic.caller()).matches("T\\d+");
            assertThat(log.records().get(0).text()).startsWith("Linux version 6.1.0-57-amd64");
            assertThat(log.records()).extracting(LogRecord::sequence).isSorted();
        }
    }

    @Test
    void theReportOfTheConsoleIsFoundInTheDump() throws IOException {
        Path file = Fixtures.write(dir, "vmcore", Fixtures.vmcore());
        List<LogInput> logs = LogInputs.find(file);
        assertThat(logs).hasSize(1);
        List<CrashReport> fromDump;
        try (var in = logs.get(0).open()) {
            fromDump = Koops.create().withoutDisassembler().analyze(file.toString(), in).reports();
        }
        assertThat(logs.get(0).kind()).isEqualTo("ELF vmcore of 6.1.0-57-amd64");
        String console = new String(Fixtures.resource(Fixtures.SCENARIO + ".console.log"), StandardCharsets.ISO_8859_1);
        List<CrashReport> fromConsole = Koops.create().withoutDisassembler().analyze("console", console).reports();
        assertThat(fromDump).extracting(CrashReport::title).isEqualTo(fromConsole.stream().map(CrashReport::title).toList())
                .containsExactly("kernel panic: sysrq triggered crash");
        assertThat(fromDump.get(0).details().frames()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("line")
                .isEqualTo(fromConsole.get(0).details().frames());
    }
}
