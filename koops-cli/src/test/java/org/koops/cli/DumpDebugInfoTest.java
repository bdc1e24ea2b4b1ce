package org.koops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.koops.debuginfo.FunctionCode;
import org.koops.debuginfo.Symbolizer;
import org.koops.disasm.Disassemblers;
import org.koops.dump.TestDumps;

/**
 * A crash dump names its kernel's build id (VMCOREINFO's BUILD-ID): explain and disasm find the kernel's
 * debug file by it, in a debug directory laid out by build id ({@code .build-id/xx/yyyy.debug}), with
 * no vmlinux given, as decode does. The "kernel" is {@code access.c} built by gcc with a build id; the
 * dump's log holds an oops at its {@code read_y}, whose first instruction reads {@code o->in.pts[2].y}
 * through RDI. Skipped without gcc.
 */
// Among the module's longest classes: started first when test classes run in parallel (the parent pom).
@Order(1)
class DumpDebugInfoTest {
    private static final String RELEASE = "5.4.0-99-test";

    @TempDir
    Path dir;

    private Path debugDir;
    private Path dump;
    private Path log;

    @BeforeEach
    void dumpAndDebugDirectory() throws Exception {
        Path object = DebugObjects.access();
        String buildId;
        FunctionCode code;
        try (Symbolizer s = Symbolizer.open(object)) {
            buildId = s.buildId().orElseThrow();
            code = s.code(s.symbols("read_y").get(0));
        }
        byte[] bytes = code.bytes();
        // mov eax, dword ptr [rdi + 0x2c]: the access the report's registers make fault at 0x34
        assertThat(HexFormat.of().formatHex(bytes)).as("read_y as gcc -O2 builds it").startsWith("8b472c");
        StringBuilder codeLine = new StringBuilder("Code:");
        for (int i = 0; i < bytes.length; i++) {
            codeLine.append(i == 0 ? " <" : " ").append(HexFormat.of().toHexDigits(bytes[i])).append(i == 0 ? ">" : "");
        }
        List<String> lines = new ArrayList<>(List.of(
                "BUG: kernel NULL pointer dereference, address: 0000000000000034",
                "#PF: supervisor read access in kernel mode",
                "#PF: error_code(0x0000) - not-present page",
                "PGD 0 P4D 0 ",
                "Oops: 0000 [#1] SMP NOPTI",
                "CPU: 0 PID: 86 Comm: cat Not tainted " + RELEASE + " #1",
                "Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014",
                "RIP: 0010:read_y+0x0/0x" + Long.toHexString(bytes.length),
                codeLine.toString(),
                "RSP: 0018:ffffb4c0c0197d88 EFLAGS: 00010246",
                "RAX: 0000000000000000 RBX: 0000000000000000 RCX: 0000000000000000",
                "RDX: 0000000000000000 RSI: 0000000000000000 RDI: 0000000000000008",
                "RBP: 0000000000000000 R08: 0000000000000000 R09: 0000000000000000",
                "R10: 0000000000000000 R11: 0000000000000000 R12: 0000000000000000",
                "R13: 0000000000000000 R14: 0000000000000000 R15: 0000000000000000",
                "FS:  00007f2a1c3f0740(0000) GS:ffff9c4d1f800000(0000) knlGS:0000000000000000",
                "CS:  0010 DS: 0000 ES: 0000 CR0: 0000000080050033",
                "CR2: 0000000000000034 CR3: 0000000002a0a000 CR4: 00000000000006f0",
                "Call Trace:",
                " <TASK>",
                " seq_read_iter+0x11f/0x460",
                " vfs_read+0x1a5/0x2b0",
                " </TASK>",
                "Modules linked in:",
                "CR2: 0000000000000034",
                "---[ end trace 0000000000000000 ]---"));
        dump = Files.write(dir.resolve("vmcore"), TestDumps.elfWithLog(RELEASE, buildId, lines));
        log = Files.writeString(dir.resolve("same.log"), String.join("\n", lines) + "\n");
        debugDir = dir.resolve("debug");
        Path byId = debugDir.resolve(".build-id/" + buildId.substring(0, 2) + "/" + buildId.substring(2) + ".debug");
        Files.createDirectories(byId.getParent());
        Files.copy(object, byId);
    }

    private static void assumeDisassembler() {
        assumeTrue(Disassemblers.capstone().isPresent() || Disassemblers.objdump().isPresent(),
                () -> "no disassembler: " + Disassemblers.capstoneProblem() + "; " + Disassemblers.objdumpProblem());
    }

    @Test
    void explainNamesTheAccessFromTheFileOfTheDumpsBuildId() {
        assumeDisassembler();

        CliRun run = CliRun.of("explain", "--debug-dir", debugDir.toString(), "--no-index-cache", dump.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("The faulting instruction accessed o->in.pts[2].y")
                .contains("source of read_y+0x0/0x");
        // The same log without its dump names no build id, and no file of its release is in the directory.
        CliRun plain = CliRun.of("explain", "--debug-dir", debugDir.toString(), "--no-index-cache", log.toString());
        assertThat(plain.out()).doesNotContain("The faulting instruction accessed o->")
                .contains("no vmlinux given, and none found for kernel " + RELEASE);
    }

    @Test
    void disasmListsTheFaultingFunctionFromTheFileOfTheDumpsBuildId() throws java.io.IOException {
        assumeDisassembler();

        CliRun run = CliRun.of("disasm", "--debug-dir", debugDir.toString(), "--no-index-cache", dump.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("== " + dump + ": report #1")
                .contains(".build-id/").contains("read_y")
                .contains("Accessed: o->in.pts[2].y");
        // Without the debug directory, the default one has no file of that build id: the listing says why not.
        CliRun none = CliRun.of("disasm", "--debug-dir", Files.createDirectories(dir.resolve("empty")).toString(), "--no-debuginfod", dump.toString());
        assertThat(none.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(none.out()).doesNotContain("Accessed:");
        assertThat(none.err()).contains("read_y is not listed: no vmlinux given, and none found for kernel " + RELEASE);
    }
}
