package org.koops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.koops.debuginfo.Resolution;
import org.koops.debuginfo.SourceLocation;
import org.koops.debuginfo.Symbolizer;

/** An oops through the test module (as koops_demo) and the test program (as vmlinux), decoded. */
class DecodeCommandTest {
    @TempDir
    Path dir;

    private Path module;
    private Path modules;
    private Path vmlinux;
    private String rip;
    private String store;
    private String classify;

    @BeforeEach
    void objects() throws Exception {
        modules = Files.createDirectories(dir.resolve("modules/kernel/drivers"));
        module = Files.copy(DebugObjects.module(), modules.resolve("koops-demo.ko"));
        vmlinux = DebugObjects.program();
        try (Symbolizer m = Symbolizer.open(module)) {
            rip = "demo_show+0x15/0x" + Long.toHexString(m.symbols("demo_show").get(0).size());
            store = "demo_store+0x2a/0x" + Long.toHexString(m.symbols("demo_store").get(0).size());
        }
        try (Symbolizer v = Symbolizer.open(vmlinux)) {
            classify = "classify+0x31/0x" + Long.toHexString(v.symbols("classify").get(0).size());
        }
    }

    @Test
    void framesGetTheirLocationsAsDecodeStacktraceShPrintsThem() throws Exception {
        Path log = Files.writeString(dir.resolve("oops.log"), oops());

        CliRun run = CliRun.of("decode", "--vmlinux", vmlinux.toString(), "--modules", modules.toString(), log.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.err()).isEmpty();
        List<String> out = run.out().lines().toList();
        assertThat(out).hasSameSizeAs(oops().lines().toList());
        assertThat(out.get(0)).isEqualTo("[  325.912311] BUG: kernel NULL pointer dereference, address: 0000000000000010");
        assertThat(out.get(5)).isEqualTo("[  325.912436] RIP: 0010:" + rip + " (" + joined(0x15, false) + ") [koops_demo]");
        assertThat(out.get(9)).isEqualTo("[  325.912695]  " + store + " (" + joined(0x2a, true) + ") [koops_demo]");
    }

    @Test
    void inlinedFunctionsOnLinesOfTheirOwn() throws Exception {
        Path log = Files.writeString(dir.resolve("oops.log"), oops());

        CliRun run = CliRun.of("decode", "--inline=lines", "--modules", modules.toString(), log.toString());

        List<SourceLocation> chain = locations(0x2a, true);
        String expected = chain.subList(0, chain.size() - 1).stream()
                .map(l -> "[  325.912695]  " + l.function() + " " + l.fileLine(true) + " [inline]\n")
                .collect(Collectors.joining())
                + "[  325.912695]  " + store + " " + chain.get(chain.size() - 1).fileLine(true) + " [koops_demo]\n";
        assertThat(run.out()).contains(expected);
        assertThat(run.err()).startsWith("koops: no vmlinux given, and none found for kernel 6.1.0-test (looked in ");
    }

    @Test
    void jsonLineForEachEntry() throws Exception {
        Path log = Files.writeString(dir.resolve("oops.log"), oops());

        CliRun run = CliRun.of("decode", "--format=json", "--modules", modules.toString(), log.toString());

        List<JsonNode> entries = run.out().lines().map(DecodeCommandTest::json).toList();
        assertThat(entries).extracting(e -> e.get("frame").asText())
                .containsExactly(rip + " [koops_demo]", rip + " [koops_demo]", store + " [koops_demo]", classify);
        JsonNode first = entries.get(0);
        assertThat(first.get("returnAddress").asBoolean()).isFalse();
        assertThat(first.get("lookupAddress").asText()).isEqualTo(first.get("address").asText());
        assertThat(first.get("locations").get(0).get("function").asText()).isEqualTo(locations(0x15, false).get(0).function());
        assertThat(entries.get(2).get("returnAddress").asBoolean()).isTrue();
        assertThat(entries.get(3).get("problem").asText()).startsWith("no vmlinux given, and none found for kernel 6.1.0-test");
    }

    @Test
    void theReportsReleaseFindsTheDebugFilesUnderTheSysroot() throws Exception {
        Path root = dir.resolve("root");
        Path moduleDir = Files.createDirectories(root.resolve("lib/modules/6.1.0-test/kernel/drivers"));
        Files.copy(module, moduleDir.resolve("koops-demo.ko"));
        Path boot = Files.createDirectories(root.resolve("usr/lib/debug/boot"));
        Files.copy(vmlinux, boot.resolve("vmlinux-6.1.0-test"));
        Path log = Files.writeString(dir.resolve("oops.log"), oops());

        CliRun found = CliRun.of("decode", "--sysroot", root.toString(), log.toString());
        CliRun given = CliRun.of("decode", "--vmlinux", vmlinux.toString(), "--modules", modules.toString(), log.toString());

        assertThat(found.err()).isEmpty();
        assertThat(found.out()).isEqualTo(given.out());
    }

    @Test
    void returnAddressesAsPrintedOnRequest() throws Exception {
        Path log = Files.writeString(dir.resolve("oops.log"), oops());

        CliRun run = CliRun.of("decode", "--return-addresses=exact", "--vmlinux", vmlinux.toString(),
                "--modules", modules.toString(), log.toString());

        List<String> out = run.out().lines().toList();
        assertThat(out.get(9)).isEqualTo("[  325.912695]  " + store + " (" + joined(0x2a, false) + ") [koops_demo]");
    }

    @Test
    void explainGivesEachEntryItsSourceFromTheDebugInfo() throws Exception {
        Path log = Files.writeString(dir.resolve("oops.log"), oops());

        CliRun text = CliRun.of("explain", "--color=never", "--vmlinux", vmlinux.toString(), "--modules", modules.toString(),
                log.toString());
        CliRun json = CliRun.of("explain", "--format=json", "--vmlinux", vmlinux.toString(), "--modules", modules.toString(),
                log.toString());

        assertThat(text.exitCode()).isEqualTo(ExitCodes.OK);
        List<SourceLocation> chain = locations(0x2a, true);
        String described = "source of " + store + " [koops_demo]: " + chain.stream()
                .map(l -> l.fileLine(true) + " in " + l.function()).collect(Collectors.joining(", inlined by "))
                + " (looked up at the call before the return address)";
        assertThat(text.out()).contains("- " + described + "\n");
        JsonNode report = json(json.out().lines().findFirst().orElseThrow()).get("reports").get(0);
        JsonNode frame = report.get("frames").get(1);
        assertThat(frame.get("function").asText()).isEqualTo("demo_store");
        assertThat(frame.get("source").asText()).isEqualTo(chain.get(0).fileLine(true));
        assertThat(report.toString()).contains(described);
    }

    @Test
    void explainWithoutDebugInfoIsUnchanged() {
        assertThat(CliRun.of("explain", "--vmlinux", "no-such-vmlinux", CliRun.SAMPLE).err())
                .isEqualTo("koops: cannot read no-such-vmlinux: no such file (see 'koops explain --help')\n");
        assertThat(CliRun.of("explain", CliRun.SAMPLE).out()).doesNotContain("source of ");
    }

    @Test
    void aSizeOtherThanTheSymbolsIsWarnedAbout() throws Exception {
        Path log = Files.writeString(dir.resolve("oops.log"), oops().replace(classify, "classify+0x31/0x40"));

        CliRun run = CliRun.of("decode", "--vmlinux", vmlinux.toString(), log.toString());

        assertThat(run.err()).matches("koops: no module directory given, and no file for module koops_demo of kernel 6.1.0-test"
                + " \\(looked in .*\\)\n"
                + "koops: classify is 0x[0-9a-f]+ bytes in program, not 0x40: the debug info may be of another build\n");
    }

    @Test
    void missingDebugInfoIsAUsageError() {
        CliRun none = CliRun.of("decode", "--sysroot", dir.toString(), CliRun.SAMPLE);
        assertThat(none.exitCode()).isEqualTo(ExitCodes.NO_REPORT);
        assertThat(none.err()).contains("koops: no vmlinux given, and none found for kernel 6.1.0-27-amd64 (looked in "
                + dir + "/usr/lib/debug/boot/vmlinux-6.1.0-27-amd64, ");

        CliRun missing = CliRun.of("decode", "--vmlinux", "no-such-vmlinux", CliRun.SAMPLE);
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).isEqualTo("koops: cannot read no-such-vmlinux: no such file (see 'koops decode --help')\n");
    }

    @Test
    void aLogWithoutReportsIsPrintedAsItIs() throws Exception {
        Path log = Files.writeString(dir.resolve("quiet.log"), "[    0.000000] Linux version 6.1.0\r\nno newline at the end");

        CliRun run = CliRun.of("decode", "--modules", modules.toString(), log.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.NO_REPORT);
        assertThat(run.out()).isEqualTo("[    0.000000] Linux version 6.1.0\nno newline at the end\n");
    }

    private String joined(long offset, boolean returnAddress) throws Exception {
        return locations(offset, returnAddress).stream().map(l -> l.fileLine(true)).collect(Collectors.joining(" "));
    }

    private List<SourceLocation> locations(long offset, boolean returnAddress) throws Exception {
        try (Symbolizer m = Symbolizer.open(module)) {
            String function = offset == 0x15 ? "demo_show" : "demo_store";
            Resolution r = m.resolve(function, offset, null, returnAddress).get(0);
            return r.locations();
        }
    }

    private String oops() {
        return String.join("\n",
                "[  325.912311] BUG: kernel NULL pointer dereference, address: 0000000000000010",
                "[  325.912348] #PF: supervisor read access in kernel mode",
                "[  325.912389] Oops: 0000 [#1] PREEMPT SMP NOPTI",
                "[  325.912402] CPU: 1 PID: 4242 Comm: cat Tainted: G           OE      6.1.0-test #1",
                "[  325.912421] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996)",
                "[  325.912436] RIP: 0010:" + rip + " [koops_demo]",
                "[  325.912594] Call Trace:",
                "[  325.912601]  <TASK>",
                "[  325.912676]  ? " + rip + " [koops_demo]",
                "[  325.912695]  " + store + " [koops_demo]",
                "[  325.912713]  " + classify,
                "[  325.912744]  </TASK>",
                "[  325.912760] Modules linked in: koops_demo(OE)",
                "[  325.912788] ---[ end trace 0000000000000000 ]---") + "\n";
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }
}
