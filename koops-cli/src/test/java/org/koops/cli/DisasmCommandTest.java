package org.koops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.koops.disasm.InstructionText.normalised;

import org.junit.jupiter.api.Test;
import org.koops.disasm.Disassemblers;

class DisasmCommandTest {
    private static final String LAB_GPF = "Code: c7 48 8b 05 84 10 00 00 <48> 8b 40 08 48 89";

    @Test
    void aCodeLineGivenAsArgument() {
        assumeTrue(Disassemblers.capstone().isPresent(), () -> "skipped: " + Disassemblers.capstoneProblem());

        CliRun run = CliRun.of("disasm", LAB_GPF);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("== argument\n"
                + "decoded by capstone 4.0, the first byte skipped: it ends an instruction that starts before the line\n"
                + "     1:  48 8b 05 84 10 00 00  mov rax, qword ptr [rip + 0x1084]\n"
                + "*    8:  48 8b 40 08           mov rax, qword ptr [rax + 8]   <-- faulting instruction\n\n");
    }

    @Test
    void theReportsOfALogWithTheBadPointer() {
        assumeTrue(Disassemblers.capstone().isPresent(), () -> "skipped: " + Disassemblers.capstoneProblem());

        CliRun run = CliRun.of("disasm", CliRun.SAMPLE);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("<-- faulting instruction").contains("held the bad pointer");
    }

    /** The crash lab's use-after-free module, built by lab/check.sh x86_64. */
    private static final java.nio.file.Path LAB_UAF_KO = java.nio.file.Path.of(System.getProperty("user.home"),
            ".cache/koops-lab/x86_64/modules/lab_uaf.ko");

    /** {@code koops disasm OPTIONS --object lab_uaf.ko uaf-poison.log}, skipped without the lab's cache or objdump. */
    private static CliRun disasmLabUaf(String... options) {
        java.nio.file.Path log = java.nio.file.Path.of("..", "lab", "fixtures", "x86_64", "uaf-poison.log");
        assumeTrue(java.nio.file.Files.exists(LAB_UAF_KO) && java.nio.file.Files.exists(log), "no " + LAB_UAF_KO + ": run lab/check.sh x86_64");
        assumeTrue(Disassemblers.objdump().isPresent(), () -> "skipped: " + Disassemblers.objdumpProblem());
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("disasm"));
        args.addAll(java.util.List.of(options));
        args.addAll(java.util.List.of("--object", LAB_UAF_KO.toString(), log.toString()));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void theAccessIsNamedFromTheObjectsDebugInfo() {
        CliRun run = disasmLabUaf();

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(normalised(run.out())).contains(normalised("Accessed: s->ops->version: s->ops was loaded by mov rax,"
                + " qword ptr [rbx] at lab_uaf_show+0x17, where s (struct lab_session *) was in RBX at lab_uaf_show+0x17;"
                + " version (int) at offset 0x8 of struct lab_ops\n"));
    }

    @Test
    void theAccessIsNamedInJsonToo() {
        CliRun run = disasmLabUaf("--format", "json");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(normalised(run.out()))
                .contains(normalised("\"function\":{\"object\":\"" + LAB_UAF_KO + "\",\"name\":\"lab_uaf_show\",\"lines\":["))
                .contains(normalised("\"* 74:\\t8b 50 08            \\tmov edx, dword ptr [rax + 8]   <-- faulting instruction\""))
                .contains(normalised("\"check\":\"the 35 Code: bytes inside the function match the file"))
                .contains(normalised("\"access\":{\"known\":true,\"expression\":\"s->ops->version\",\"variable\":\"s\","
                        + "\"type\":\"struct lab_session *\",\"offset\":8,"
                        + "\"member\":\"version (int) at offset 0x8 of struct lab_ops\",\"others\":[],\"statement\":"
                        + "\"s->ops->version: s->ops was loaded by mov rax, qword ptr [rbx] at lab_uaf_show+0x17,"));
        assertThat(run.out().lines()).hasSize(1);
    }

    @Test
    void aSegfaultsCodeLineIsDecodedAtItsIp(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        assumeTrue(Disassemblers.capstone().isPresent(), () -> "skipped: " + Disassemblers.capstoneProblem());
        java.nio.file.Path log = java.nio.file.Files.writeString(dir.resolve("segv.log"), """
                [ 1234.567890] a.out[4321]: segfault at 0 ip 000055d5c4a0113d sp 00007ffc2b5e0c80 error 6 in a.out[55d5c4a01000+1000]
                [ 1234.567899] Code: 55 48 89 e5 48 c7 45 f8 00 00 00 00 48 8b 45 f8 <c7> 00 2a 00 00 00 90 5d c3
                """);

        CliRun run = CliRun.of("disasm", log.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).isEqualTo("== " + log + ": a.out[4321]: segfault at 0 in user space\n"
                + "decoded by capstone 4.0\n"
                + "  55d5c4a0112d:  55                       push rbp\n"
                + "  55d5c4a0112e:  48 89 e5                 mov rbp, rsp\n"
                + "  55d5c4a01131:  48 c7 45 f8 00 00 00 00  mov qword ptr [rbp - 8], 0\n"
                + "  55d5c4a01139:  48 8b 45 f8              mov rax, qword ptr [rbp - 8]\n"
                + "* 55d5c4a0113d:  c7 00 2a 00 00 00        mov dword ptr [rax], 0x2a   <-- faulting instruction\n"
                + "  55d5c4a01143:  90                       nop\n"
                + "  55d5c4a01144:  5d                       pop rbp\n"
                + "  55d5c4a01145:  c3                       ret\n\n");
    }

    @Test
    void objdumpAsJson() {
        assumeTrue(Disassemblers.objdump().isPresent(), () -> "skipped: " + Disassemblers.objdumpProblem());

        CliRun run = CliRun.of("disasm", "--backend", "objdump", "--format", "json", LAB_GPF);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).startsWith("{\"disassembly\":{\"arch\":\"x86_64\",\"backend\":\"objdump")
                .contains("\"skipped\":1").contains("\"faulting\":1")
                .contains("\"operands\":\"rax,QWORD PTR [rax+0x8]\",\"memory\":{\"base\":\"rax\"");
    }

    @Test
    void unreadableCodeAndUnknownArchitecture() {
        CliRun none = CliRun.of("disasm", "Code: Unable to access opcode bytes at 0xffffffff81000000.");
        assertThat(none.exitCode()).isEqualTo(ExitCodes.NO_REPORT);
        assertThat(none.out()).contains("(not decoded: the kernel printed no code: Unable to access opcode bytes at 0xffffffff81000000.)");

        CliRun empty = CliRun.of("disasm", "Code:");
        assertThat(empty.exitCode()).isEqualTo(ExitCodes.NO_REPORT);
        assertThat(empty.out()).contains("(not decoded: the Code: line holds no bytes)");

        CliRun bad = CliRun.of("disasm", "--arch", "vax", LAB_GPF);
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).isEqualTo("koops: unknown architecture 'vax' (x86_64, x86, arm64, arm, riscv64)\n");
    }

    @Test
    void explainShowsTheFaultingCode() {
        assumeTrue(Disassemblers.capstone().isPresent() || Disassemblers.objdump().isPresent(), "no disassembler");

        CliRun run = CliRun.of("explain", "--brief", CliRun.SAMPLE);

        assertThat(run.out()).contains("Code:").contains("(faulting instruction, line");
    }
}
