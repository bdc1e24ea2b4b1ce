package org.koops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.koops.debuginfo.Symbolizer;

class Addr2lineCommandTest {
    @Test
    void answersAsFaddr2lineDoesWithTheInlineChain() throws Exception {
        Path module = DebugObjects.module();
        long size;
        try (Symbolizer s = Symbolizer.open(module)) {
            size = s.symbols("demo_show").get(0).size();
        }

        CliRun run = CliRun.of("addr2line", module.toString(), "demo_show+0x10");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.err()).isEmpty();
        String sources = DebugObjects.SOURCES.toString();
        assertThat(run.out()).isEqualTo("demo_show+0x10/0x" + Long.toHexString(size) + ":\n"
                + "mix at " + sources + "/helpers.h:13\n"
                + "(inlined by) find at " + sources + "/helpers.h:28\n"
                + "(inlined by) device_weigh at " + sources + "/module.c:23\n"
                + "(inlined by) demo_show at " + sources + "/module.c:33\n");
        // faddr2line runs addr2line --functions --pretty-print --inlines and trims each line.
        assumeTrue(DebugObjects.has("addr2line"), "addr2line is not installed");
        String oracle = DebugObjects.run(List.of("addr2line", "-f", "-p", "-i", "-j", ".text", "-e", module.toString(), "0x10"));
        assertThat(run.out().lines().skip(1).toList()).isEqualTo(oracle.lines().map(String::strip).toList());
    }

    @Test
    void addressesAsAddr2lineTakesThem() throws Exception {
        Path program = DebugObjects.program();
        long address;
        try (Symbolizer s = Symbolizer.open(program)) {
            address = s.symbols("classify").get(0).address() + 0x10;
        }
        String hex = "0x" + Long.toHexString(address);

        CliRun byAddress = CliRun.of("addr2line", program.toString(), hex);
        CliRun byName = CliRun.of("addr2line", program.toString(), "classify+0x10");

        assertThat(byAddress.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(byAddress.out()).startsWith(hex + ":\n");
        assertThat(byAddress.out().substring(byAddress.out().indexOf('\n')))
                .isEqualTo(byName.out().substring(byName.out().indexOf('\n')));
        assertThat(CliRun.of("addr2line", program.toString(), "0xzz").err()).contains("expected func+0xoff, func+0xoff/0xsize or 0xADDRESS");
    }

    @Test
    void aReturnAddressIsLookedUpAtTheCallAndSaysSo() throws Exception {
        CliRun run = CliRun.of("addr2line", "--return-address", DebugObjects.module().toString(), "demo_show+0x10");

        assertThat(run.out()).startsWith("demo_show+0x10/0x").contains(" (a return address: looked up at the call, +0xf):\n");
    }

    @Test
    void sourceLinesAroundEachLocation() throws Exception {
        CliRun run = CliRun.of("addr2line", "--source", DebugObjects.SOURCES.toString(), DebugObjects.module().toString(),
                "demo_show+0x10");

        assertThat(run.out()).contains("\nmix at " + DebugObjects.SOURCES + "/helpers.h:13\n"
                + " 8 \t\tlong value;\n", ">13<\t\ta ^= b << 7;\n", " 18 \tstatic inline long checked_add(long a, long b)\n");
    }

    @Test
    void unknownFunctionsAndWrongSizesAreReported() throws Exception {
        CliRun run = CliRun.of("addr2line", DebugObjects.module().toString(), "nosuch+0x1", "demo_show+0x10/0x3");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.NO_REPORT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("koops: no function nosuch holding offset 0x1 in module.o\n"
                + "koops: demo_show: size mismatch: expected size 0x3, found 0x");
    }

    @Test
    void badUsageAndUnreadableFiles() throws Exception {
        CliRun bad = CliRun.of("addr2line", "vmlinux", "demo_show");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).isEqualTo("koops: bad location 'demo_show': expected func+0xoff, func+0xoff/0xsize or 0xADDRESS\n");

        CliRun missing = CliRun.of("addr2line", "no-such-vmlinux", "demo_show+0x1");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).isEqualTo("koops: cannot read no-such-vmlinux: no such file\n");

        CliRun notElf = CliRun.of("addr2line", CliRun.SAMPLE, "demo_show+0x1");
        assertThat(notElf.err()).isEqualTo("koops: cannot read " + CliRun.SAMPLE
                + ": invalid null-deref-proc-read.log ELF header at offset 0x0: not an ELF file (no \\x7fELF magic)\n");
    }
}
