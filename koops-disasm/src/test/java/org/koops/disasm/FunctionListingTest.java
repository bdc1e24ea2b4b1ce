package org.koops.disasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.koops.Koops;
import org.koops.model.Arch;
import org.koops.model.CrashReport;
import org.koops.model.Frame;

/**
 * The crash lab's proc-null-read module, built with debug info in the lab's cache: the faulting function
 * listed with its source lines, the faulting load at lab_proc_null.c:26, and the console's Code: bytes
 * matching the module.
 */
class FunctionListingTest {
    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "arm64"})
    void labModuleFunctionWithSourceLines(String arch) throws Exception {
        Path module = Path.of(System.getProperty("user.home"), ".cache/koops-lab", arch, "modules/lab_proc_null.ko");
        assumeTrue(Files.exists(module), "skipped: the crash lab's built modules are not in ~/.cache/koops-lab");
        Backends.objdump();
        Arch a = arch.equals("arm64") ? Arch.ARM64 : Arch.X86_64;
        assumeTrue(Disassemblers.objdump().get().supports(a, a == Arch.ARM64 ? 4 : 1), "skipped: no objdump for " + arch);
        CrashReport r = Koops.create().analyze(Backends.labFixtures().resolve(arch).resolve("proc-null-read.log"))
                .reports().get(0);
        Frame rip = r.details().kernelRegisters().orElseThrow().registers().stream()
                .filter(x -> x.symbol() != null && (x.name().equals("RIP") || x.name().equals("pc")))
                .findFirst().orElseThrow().symbol();

        FunctionListing listing = FunctionListing.of(module, a, rip.function(), rip.offset(),
                r.details().kernelCode().orElseThrow());

        assertThat(listing.faulting()).isTrue();
        int marked = -1;
        for (int i = 0; i < listing.lines().size(); i++) {
            if (listing.lines().get(i).startsWith("* ")) {
                marked = i;
            }
        }
        assertThat(listing.lines().get(marked)).contains(a == Arch.ARM64 ? "ldr\tw2, [x2, #16]" : "mov    edx,DWORD PTR [rax+0x10]");
        String source = listing.lines().subList(0, marked).stream().filter(l -> l.contains(".c:")).reduce((x, y) -> y)
                .orElseThrow();
        assertThat(source).endsWith("lab_proc_null.c:26");
        assertThat(listing.check()).contains("Code: bytes inside the function match the file");
    }
}
