package org.koops.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

// Among the module's longest classes: started first when test classes run in parallel (the parent pom).
@Order(1)
class ExplainCommandTest {
    @TempDir
    Path dir;

    @Test
    void missingFileIsOneLineWithoutStackTrace() {
        CliRun run = CliRun.of("explain", "nope.log");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("koops: cannot read nope.log: no such file\n");
    }

    @Test
    void stackTraceOnlyWhenAsked() {
        CliRun run = CliRun.of("explain", "--stacktrace", "nope.log");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("koops: cannot read nope.log: no such file\n")
                .contains("java.nio.file.NoSuchFileException");
    }

    @Test
    void aDirectoryWithoutLogsHoldsNoReport() {
        CliRun run = CliRun.of("explain", dir.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.NO_REPORT);
        assertThat(run.err()).isEqualTo("koops: no kernel log, vmcore or pstore record found in " + dir + "\n");
    }

    @Test
    void logWithoutReportExitsOne() throws Exception {
        Path log = Files.writeString(dir.resolve("boot.log"),
                "[    0.000000] Linux version 6.1.0-27-amd64 (debian-kernel@lists.debian.org)\n"
                        + "[    1.894530] EXT4-fs (vda1): mounted filesystem with ordered data mode.\n");

        CliRun run = CliRun.of("explain", log.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.NO_REPORT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("koops: no crash report found in " + log + "\n");
    }

    @Test
    void sampleIsSummarisedThenAnnotated() {
        CliRun run = CliRun.of("explain", CliRun.SAMPLE);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.err()).isEmpty();
        assertThat(run.out())
                .startsWith("== " + CliRun.SAMPLE + ": report #1, lines 13-")
                .contains("NULL pointer dereference in demo_show")
                .contains("Cause:", "NULL pointer dereference", "Culprit:", "koops_demo", "Next steps:")
                .contains("    13  [  325.912311] BUG: kernel NULL pointer dereference, address: 0000000000000010")
                .doesNotContain("\033[");
    }

    @Test
    void briefLeavesOutTheAnnotatedLines() {
        CliRun run = CliRun.of("explain", "--brief", CliRun.SAMPLE);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("Cause:").doesNotContain("address: 0000000000000010");
    }

    @Test
    void colorAlwaysColours() {
        assertThat(CliRun.of("explain", "--color=always", "--brief", CliRun.SAMPLE).out()).contains("\033[1m");
        assertThat(CliRun.of("explain", "--color=never", "--brief", CliRun.SAMPLE).out()).doesNotContain("\033[");
    }

    @Test
    void jsonIsOneLinePerInput() throws Exception {
        CliRun run = CliRun.of("explain", "--format=json", CliRun.SAMPLE);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).hasLineCount(1);
        JsonNode analysis = new ObjectMapper().readTree(run.out());
        assertThat(analysis.get("input").asText()).isEqualTo(CliRun.SAMPLE);
        assertThat(analysis.get("lines").asLong()).isEqualTo(71);
        JsonNode report = analysis.get("reports").get(0);
        assertThat(analysis.get("reports")).hasSize(1);
        assertThat(report.get("title").asText()).contains("demo_show");
        assertThat(report.get("arch").asText()).isEqualTo("x86_64");
        assertThat(report.get("faultAddress").asText()).isEqualTo("0x10");
        assertThat(report.get("process").toString()).isEqualTo("{\"comm\":\"cat\",\"pid\":4242,\"cpu\":1}");
        assertThat(report.get("kernel").get("release").asText()).isEqualTo("6.1.0-27-amd64");
        assertThat(report.get("registers").get("RBX").asText()).isEqualTo("0x0");
        assertThat(report.get("diagnosis").get("cause").asText()).isEqualTo("NULL_POINTER_DEREFERENCE");
        assertThat(report.get("annotated").get(0).get("line").asLong()).isEqualTo(13);
    }

    @Test
    void briefJsonHasNoAnnotatedLines() throws Exception {
        CliRun run = CliRun.of("explain", "--format=json", "--brief", CliRun.SAMPLE);

        assertThat(new ObjectMapper().readTree(run.out()).get("reports").get(0).has("annotated")).isFalse();
    }

    @Test
    void readsStandardInput() throws Exception {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream(Files.readAllBytes(Path.of(CliRun.SAMPLE))));
            CliRun run = CliRun.of("explain", "--brief", "-");

            assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(run.out()).startsWith("== -: report #1");
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void unreadableInputWinsButOthersAreStillExplained() {
        CliRun run = CliRun.of("explain", "--brief", "nope.log", CliRun.SAMPLE);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo("koops: cannot read nope.log: no such file\n");
        assertThat(run.out()).contains("demo_show");
    }

    @Test
    void aCompressedLogCutShortIsExplainedAsFarAsItGoesWithAWarning() throws Exception {
        Path cut = gzippedAndCut();

        CliRun run = CliRun.of("explain", "--brief", cut.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.TRUNCATED);
        assertThat(run.out()).startsWith("== " + cut + ": report #1").contains("demo_show");
        assertThat(run.err()).matches("koops: warning: " + java.util.regex.Pattern.quote(cut.toString())
                + " is cut short: the gzip data stops short after \\d+ compressed bytes"
                + " \\(Unexpected end of ZLIB input stream\\); the \\d+ lines before were analysed\n");
    }

    @Test
    void jsonSaysWhetherTheInputWasCut() throws Exception {
        JsonNode cut = new ObjectMapper().readTree(CliRun.of("explain", "--format=json", "--brief", gzippedAndCut().toString()).out());
        JsonNode whole = new ObjectMapper().readTree(CliRun.of("explain", "--format=json", "--brief", CliRun.SAMPLE).out());

        assertThat(cut.get("truncated").asText()).startsWith("the gzip data stops short after ");
        assertThat(cut.get("reports")).hasSize(1);
        assertThat(whole.get("truncated").isNull()).isTrue();
    }

    /** The sample followed by ordinary messages, gzipped and cut at 90%: among the messages after the report. */
    private Path gzippedAndCut() throws Exception {
        StringBuilder log = new StringBuilder(Files.readString(Path.of(CliRun.SAMPLE)));
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 3000; i++) {
            log.append(String.format("[  400.%06d] demo: tick %d, checksum %08x%n", i * 97, i, random.nextInt()));
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(bytes)) {
            gz.write(log.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        byte[] all = bytes.toByteArray();
        return Files.write(dir.resolve("kern.log.gz"), java.util.Arrays.copyOf(all, all.length * 9 / 10));
    }

    @Test
    void aPastedCopyIsOneLineAndCountedAtTheEnd() throws Exception {
        String sample = Files.readString(Path.of(CliRun.SAMPLE));
        Path log = Files.writeString(dir.resolve("twice.log"), sample + sample);

        CliRun run = CliRun.of("explain", log.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).endsWith("\n== " + log + ": report #2, lines 84-142: same as report #1\n"
                + "== " + log + ": report #1 appears 2 times in the input: the later copies are the same crash"
                + " pasted again, not new crashes\n");
    }

    @Test
    void withModulesTheAccessOfTheFaultingInstructionIsNamed() throws Exception {
        Path modules = Path.of(System.getProperty("user.home"), ".cache/koops-lab/x86_64/modules");
        Path log = Path.of("..", "lab", "fixtures", "x86_64", "uaf-poison.log");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(modules) && Files.exists(log),
                "no " + modules + ": run lab/check.sh x86_64");
        org.junit.jupiter.api.Assumptions.assumeFalse(org.koops.disasm.Disassemblers.installed().backends().isEmpty(),
                "no disassembler is installed");

        CliRun text = CliRun.of("explain", "--modules", modules.toString(), log.toString());
        CliRun json = CliRun.of("explain", "--format=json", "--modules", modules.toString(), log.toString());
        CliRun none = CliRun.of("explain", "--modules", Path.of("..", "lab").toString(), log.toString());

        assertThat(text.out()).contains("The faulting instruction accessed s->ops->version: s->ops was loaded by");
        assertThat(json.out()).contains("\"statement\":\"The faulting instruction accessed s->ops->version:");
        assertThat(none.out()).contains("What the faulting instruction accessed is not determined by the debug info:"
                + " there is no debug info for lab_uaf_show+0x24/0x3f [lab_uaf]");
    }
}
