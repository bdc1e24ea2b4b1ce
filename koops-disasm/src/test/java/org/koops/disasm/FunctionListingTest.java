package org.koops.disasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.koops.Koops;
import org.koops.model.Arch;
import org.koops.model.CrashReport;
import org.koops.model.Frame;

/**
 * The crash lab's modules, built with debug info in the lab's cache: the faulting function listed with
 * its source lines, the faulting load at lab_proc_null.c:26, and the console's Code: bytes matching the
 * module; read from the file and decoded by Capstone, the listing has objdump's instructions, relocations
 * and source lines.
 */
class FunctionListingTest {
    /** An instruction or relocation line of either listing: its address and bytes, or its type and target. */
    private static final Pattern ROW = Pattern.compile("^[* ] ?\\s*([0-9a-f]+):\\s*(R_\\S+\\s+\\S+|[0-9a-f ]+?)\\s*(?:\\t.*)?$");

    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "arm64"})
    void labModuleFunctionWithSourceLines(String arch) throws Exception {
        Arch a = arch.equals("arm64") ? Arch.ARM64 : Arch.X86_64;
        Path module = module(arch, "lab_proc_null");
        Frame rip = faultingFrame(arch, "proc-null-read.log");
        CrashReport r = report(arch, "proc-null-read.log");

        FunctionListing listing = FunctionListing.of(module, a, rip.function(), rip.offset(),
                r.details().kernelCode().orElseThrow());

        assertThat(listing.faulting()).isTrue();
        int marked = -1;
        for (int i = 0; i < listing.lines().size(); i++) {
            if (listing.lines().get(i).startsWith("* ")) {
                marked = i;
            }
        }
        assertThat(InstructionText.normalised(listing.lines().get(marked)))
                .contains(InstructionText.normalised(a == Arch.ARM64 ? "ldr w2, [x2, #0x10]" : "mov edx, dword ptr [rax + 0x10]"));
        String source = listing.lines().subList(0, marked).stream().filter(l -> l.contains(".c:")).reduce((x, y) -> y)
                .orElseThrow();
        assertThat(source).endsWith("lab_proc_null.c:26");
        assertThat(listing.check()).contains("Code: bytes inside the function match the file");
    }

    @ParameterizedTest
    @CsvSource({"lab_proc_null, proc-null-read.log", "lab_uaf, uaf-poison.log", "lab_inline, inline-helper.log",
            "lab_timer, timer-null.log"})
    void capstoneListsWhatObjdumpLists(String name, String log) throws Exception {
        Path module = module("x86_64", name);
        Backends.capstone();
        Backends.objdump();
        Frame rip = faultingFrame("x86_64", log);
        CrashReport r = report("x86_64", log);

        FunctionListing capstone = FunctionListing.of(module, Arch.X86_64, rip.function(), rip.offset(),
                r.details().kernelCode().orElseThrow());
        FunctionListing objdump = FunctionListing.objdump(module, Arch.X86_64, rip.function(), rip.offset(),
                r.details().kernelCode().orElseThrow());

        assertThat(rows(capstone.lines())).isEqualTo(rows(objdump.lines())).isNotEmpty();
        assertThat(capstone.check()).isEqualTo(objdump.check());
        assertThat(capstone.faulting()).isTrue();
    }

    @org.junit.jupiter.api.Test
    void capstoneListsWhatObjdumpListsOfDebiansVmlinux() throws Exception {
        Path vmlinux = Path.of(System.getProperty("user.home"),
                ".cache/koops-lab/x86_64/root/usr/lib/debug/boot/vmlinux-6.1.0-56-amd64");
        assumeTrue(Files.exists(vmlinux), "skipped: the crash lab's Debian vmlinux is not in ~/.cache/koops-lab");
        Backends.capstone();
        Backends.objdump();
        CrashReport r = report("x86_64", "refcount-underflow.log");
        Frame rip = faultingFrame("x86_64", "refcount-underflow.log");

        FunctionListing capstone = FunctionListing.of(vmlinux, Arch.X86_64, rip.function(), rip.offset(),
                r.details().kernelCode().orElseThrow());
        FunctionListing objdump = FunctionListing.objdump(vmlinux, Arch.X86_64, rip.function(), rip.offset(),
                r.details().kernelCode().orElseThrow());

        assertThat(rows(capstone.lines())).isEqualTo(rows(objdump.lines()));
        assertThat(capstone.lines()).filteredOn(l -> l.contains("R_X86_64_")).hasSize(31);
        assertThat(capstone.check()).isEqualTo(objdump.check()).startsWith("the 29 Code: bytes inside the function match");
    }

    /** Source lines, and the address with the bytes or relocation of every other line. */
    private static List<String> rows(List<String> lines) {
        return lines.stream().skip(1).map(l -> {
            Matcher m = ROW.matcher(l);
            return m.matches() ? m.group(1) + " " + m.group(2).replaceAll("\\s+", " ") : l;
        }).toList();
    }

    private static Path module(String arch, String name) {
        Path module = Path.of(System.getProperty("user.home"), ".cache/koops-lab", arch, "modules", name + ".ko");
        assumeTrue(Files.exists(module), "skipped: the crash lab's built modules are not in ~/.cache/koops-lab");
        return module;
    }

    private static CrashReport report(String arch, String log) throws Exception {
        return Koops.create().analyze(Backends.labFixtures().resolve(arch).resolve(log)).reports().get(0);
    }

    private static Frame faultingFrame(String arch, String log) throws Exception {
        return report(arch, log).details().kernelRegisters().orElseThrow().registers().stream()
                .filter(x -> x.symbol() != null && (x.name().equals("RIP") || x.name().equals("pc")))
                .findFirst().orElseThrow().symbol();
    }
}
