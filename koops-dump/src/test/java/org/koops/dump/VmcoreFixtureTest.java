package org.koops.dump;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
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

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("scenarios")
    void theElfVmcoreAndItsFlattenedFormGiveMakedumpfilesLog(String scenario) throws IOException {
        assertThat(dmesg(Fixtures.write(dir, "vmcore", Fixtures.vmcore(scenario)))).isEqualTo(Fixtures.makedumpfileDmesg(scenario));
        Path flat = Fixtures.write(dir, "vmcore.flat", DumpWriter.flattened(Fixtures.vmcore(scenario), 4096));
        assertThat(dmesg(flat)).isEqualTo(Fixtures.makedumpfileDmesg(scenario));
    }

    @Test
    void aLogOutsideTheKernelImageIsFoundThroughThePageTables() throws IOException {
        for (String scenario : Fixtures.SCENARIOS) {
            Fixtures.Parts parts = Fixtures.Parts.of(Fixtures.vmcore(scenario));
            String info = new String(parts.vmcoreinfo(), StandardCharsets.ISO_8859_1).replace("SYMBOL(init_top_pgt)", "SYMBOL(hidden)")
                    .replace("SYMBOL(swapper_pg_dir)", "SYMBOL(hidden2)");
            byte[] elf = DumpWriter.elf(DumpWriter.note("VMCOREINFO", 0, info.getBytes(StandardCharsets.ISO_8859_1)), parts.pages());
            try (Vmcore dump = Vmcore.open(Fixtures.write(dir, scenario, elf))) {
                // The static buffer of sysrq-crash is in the kernel image: no page table is read.
                assertThat(dump.log().problems()).as(scenario).isEqualTo(scenario.equals(Fixtures.SCENARIO) ? List.of()
                        : List.of("454 records could not be read (first: missing VMCOREINFO: no SYMBOL(init_top_pgt))"));
            }
        }
    }

    @Test
    void theSysrqCrashDumpSaysWhatItHolds() throws IOException {
        Path file = Fixtures.write(dir, "vmcore", Fixtures.vmcore());
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

    static List<String> scenarios() {
        return Fixtures.SCENARIOS;
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> scenariosAndCodecs() {
        return Fixtures.SCENARIOS.stream().flatMap(s -> java.util.Arrays.stream(DumpWriter.Codec.values())
                .map(c -> org.junit.jupiter.params.provider.Arguments.of(s, c)));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("scenariosAndCodecs")
    void theSamePagesKdumpCompressedGiveTheSameLog(String scenario, DumpWriter.Codec codec) throws IOException {
        Fixtures.Parts parts = Fixtures.Parts.of(Fixtures.vmcore(scenario));
        byte[] kdump = DumpWriter.kdump(parts.release(), parts.vmcoreinfo(), parts.notes(), parts.pages(), parts.maxPfn(), codec);
        Path file = Fixtures.write(dir, "dump." + codec, kdump);
        assertThat(dmesg(file)).isEqualTo(Fixtures.makedumpfileDmesg(scenario));
        Path flat = Fixtures.write(dir, "dump." + codec + ".flat", DumpWriter.flattened(kdump, 65536));
        assertThat(dmesg(flat)).isEqualTo(Fixtures.makedumpfileDmesg(scenario));
        try (Vmcore dump = Vmcore.open(flat)) {
            assertThat(dump.info().format()).isEqualTo("flattened kdump compressed");
            assertThat(dump.info().crashingCpu()).isZero();
        }
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

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("scenarios")
    void theReportOfTheConsoleIsFoundInTheDump(String scenario) throws IOException {
        Path file = Fixtures.write(dir, "vmcore", Fixtures.vmcore(scenario));
        List<LogInput> logs = LogInputs.find(file);
        assertThat(logs).hasSize(1);
        List<CrashReport> fromDump;
        try (var in = logs.get(0).open()) {
            fromDump = Koops.create().withoutDisassembler().analyze(file.toString(), in).reports();
        }
        assertThat(logs.get(0).kind()).isEqualTo("ELF vmcore of 6.1.0-57-amd64");
        String console = new String(Fixtures.resource(scenario + ".console.log"), StandardCharsets.ISO_8859_1);
        List<CrashReport> fromConsole = Koops.create().withoutDisassembler().analyze("console", console).reports();
        assertThat(fromDump).extracting(CrashReport::title).isEqualTo(fromConsole.stream().map(CrashReport::title).toList())
                .containsExactly(scenario.equals(Fixtures.SCENARIO) ? "kernel panic: sysrq triggered crash"
                        : "BUG: unable to handle kernel NULL pointer dereference in lab_proc_null_show");
        assertThat(fromDump.get(0).details().frames()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("line")
                .isEqualTo(fromConsole.get(0).details().frames());
    }
}
