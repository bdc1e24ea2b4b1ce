package org.koops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.koops.disasm.Disassemblers;
import org.koops.model.Arch;

class BenchDisasmCommandTest {
    /** Regression: without an arm64 objdump the corpus's arm64 lines ended the benchmark with an internal error. */
    @Test
    void linesNoObjdumpDecodesAreSkippedWithOneLine(@TempDir Path dir) throws Exception {
        assumeTrue(Disassemblers.capstone().isPresent(), () -> "skipped: " + Disassemblers.capstoneProblem());
        assumeTrue(Disassemblers.objdump().isPresent(), () -> "skipped: " + Disassemblers.objdumpProblem());
        Files.writeString(dir.resolve("x86.log"), "Code: c7 48 8b 05 84 10 00 00 <48> 8b 40 08 48 89\n");
        Files.writeString(dir.resolve("arm64.log"), "Code: b9400c41 f9400021 (b9401042) d65f03c0\n");
        boolean arm64 = Disassemblers.objdump().get().supports(Arch.ARM64, 4);

        CliRun run = CliRun.of("bench-disasm", "--runs", "1", dir.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).startsWith((arm64 ? 2 : 1) + " Code: lines with bytes under " + dir).contains("faster");
        assertThat(run.err()).isEqualTo(arm64 ? "" : "koops: 1 arm64 Code: lines skipped: no installed objdump decodes"
                + " arm64 code (binutils-multiarch or the cross binutils)\n");
    }
}
