package org.koops.debuginfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.koops.model.Frame;

/**
 * Decodes an oops whose trace runs through the test module (as {@code koops_demo}) and the test
 * program (as the kernel), and checks each entry against {@code addr2line -f -i} at the address the
 * decoder chose: the faulting one itself, the return addresses one byte before.
 */
class LogDecoderTest {
    @TempDir
    Path dir;

    @Test
    void everyEntryIsFoundWhereAddr2lineFindsIt() throws Exception {
        Path modules = Files.createDirectories(dir.resolve("lib/modules/6.1.0-test/kernel/drivers"));
        // The file's '-' and the trace's '_' name the same module.
        Path module = TestObjects.copy(TestObjects.module(), modules, "koops-demo.ko");
        Path vmlinux = TestObjects.program();
        String log = log(module, vmlinux);

        List<DecodedLine> lines = new ArrayList<>();
        try (KernelDebugInfo kernel = KernelDebugInfo.of(vmlinux, dir.resolve("lib/modules"))) {
            new LogDecoder(kernel).decode(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)), lines::add);
        }

        assertThat(lines).extracting(DecodedLine::text).containsExactlyElementsOf(log.lines().toList());
        List<FrameLocation> frames = lines.stream().flatMap(l -> l.frames().stream()).toList();
        assertThat(frames).extracting(f -> f.frame().function() + (f.resolution().returnAddress() ? " returns" : " faults"))
                .containsExactly("demo_show faults", "demo_show faults", "demo_store returns", "classify returns",
                        "main returns");
        assertThat(frames).allSatisfy(f -> assertThat(f.problem()).isNull());
        assumeTrue(Toolchain.find("addr2line").isPresent(), "addr2line is not installed");
        for (FrameLocation f : frames) {
            boolean inModule = f.frame().module() != null;
            Path object = inModule ? module : vmlinux;
            long lookup = f.resolution().lookupAddress();
            List<String> cmd = new ArrayList<>(List.of("addr2line", "-a", "-f", "-i", "-e", object.toString()));
            if (inModule) {
                cmd.addAll(List.of("-j", ".text")); // the module's .text is placed at 0
            }
            Map<Long, List<String>> oracle = OracleComparison.parse(Toolchain.run(dir, "0x" + Long.toHexString(lookup) + "\n", cmd));
            assertThat(OracleComparison.render(f.resolution().locations())).as(f.frame().symbolic())
                    .isEqualTo(oracle.get(lookup));
        }
    }

    @Test
    void aFileIsDecodedAsItsContentsArePlainOrCompressed() throws Exception {
        Path modules = Files.createDirectories(dir.resolve("lib/modules/6.1.0-test/kernel/drivers"));
        Path module = TestObjects.copy(TestObjects.module(), modules, "koops-demo.ko");
        Path vmlinux = TestObjects.program();
        byte[] log = ("boot\r\n" + log(module, vmlinux) + "after, no newline").getBytes(StandardCharsets.UTF_8);
        Path plain = Files.write(dir.resolve("oops.log"), log);
        Path gzip = dir.resolve("oops.log.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzip))) {
            out.write(log);
        }

        try (KernelDebugInfo kernel = KernelDebugInfo.of(vmlinux, dir.resolve("lib/modules"))) {
            LogDecoder decoder = new LogDecoder(kernel);
            List<DecodedLine> fromStream = new ArrayList<>();
            decoder.decode(new ByteArrayInputStream(log), fromStream::add);
            List<DecodedLine> fromPlain = new ArrayList<>();
            decoder.decode(plain, fromPlain::add);
            List<DecodedLine> fromGzip = new ArrayList<>();
            decoder.decode(gzip, fromGzip::add);

            assertThat(fromStream).hasSize(19).extracting(DecodedLine::text).startsWith("boot").endsWith("after, no newline");
            assertThat(fromStream.stream().filter(l -> !l.frames().isEmpty())).hasSize(5);
            assertThat(fromPlain).isEqualTo(fromStream);
            assertThat(fromGzip).isEqualTo(fromStream);
        }
    }

    @Test
    void aStreamTooLargeToKeepInMemoryIsDecodedThroughAFile() throws Exception {
        Path modules = Files.createDirectories(dir.resolve("lib/modules/6.1.0-test/kernel/drivers"));
        Path module = TestObjects.copy(TestObjects.module(), modules, "koops-demo.ko");
        Path vmlinux = TestObjects.program();
        String filler = "[    0.000000] " + "x".repeat(1000) + "\n";
        int fillers = LogDecoder.IN_MEMORY / filler.length() + 1;
        byte[] log = (filler.repeat(fillers) + log(module, vmlinux)).getBytes(StandardCharsets.UTF_8);

        List<DecodedLine> lines = new ArrayList<>();
        try (KernelDebugInfo kernel = KernelDebugInfo.of(vmlinux, dir.resolve("lib/modules"))) {
            new LogDecoder(kernel).decode(new ByteArrayInputStream(log), lines::add);
        }

        assertThat(log.length).isGreaterThan(LogDecoder.IN_MEMORY);
        assertThat(lines).hasSize(fillers + 17);
        assertThat(lines.stream().filter(l -> !l.frames().isEmpty()).map(DecodedLine::number))
                .containsExactly(fillers + 6L, fillers + 10L, fillers + 11L, fillers + 12L, fillers + 13L);
    }

    @Test
    void aNamedPipeIsDecodedAsItsContents() throws Exception {
        Path modules = Files.createDirectories(dir.resolve("lib/modules/6.1.0-test/kernel/drivers"));
        Path module = TestObjects.copy(TestObjects.module(), modules, "koops-demo.ko");
        Path vmlinux = TestObjects.program();
        String log = log(module, vmlinux);
        Path pipe = dir.resolve("dmesg");
        assumeTrue(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor() == 0, "mkfifo failed");
        Thread writer = new Thread(() -> {
            try {
                Files.writeString(pipe, log);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();

        List<DecodedLine> lines = new ArrayList<>();
        try (KernelDebugInfo kernel = KernelDebugInfo.of(vmlinux, dir.resolve("lib/modules"))) {
            new LogDecoder(kernel).decode(pipe, lines::add);
        }
        writer.join();

        assertThat(lines).extracting(DecodedLine::text).containsExactlyElementsOf(log.lines().toList());
        assertThat(lines.stream().filter(l -> !l.frames().isEmpty())).hasSize(5);
    }

    /** An x86 oops through the module and the program, with the sizes kallsyms would print. */
    private static String log(Path module, Path vmlinux) throws Exception {
        String show;
        String store;
        String classify;
        String main;
        try (Symbolizer m = Symbolizer.open(module); Symbolizer v = Symbolizer.open(vmlinux)) {
            show = entry(m, "demo_show", 0x15);
            store = entry(m, "demo_store", 0x2a);
            classify = entry(v, "classify", 0x31);
            main = entry(v, "main", 0x47);
        }
        return String.join("\n",
                "[  325.912311] BUG: kernel NULL pointer dereference, address: 0000000000000010",
                "[  325.912348] #PF: supervisor read access in kernel mode",
                "[  325.912362] #PF: error_code(0x0000) - not-present page",
                "[  325.912389] Oops: 0000 [#1] PREEMPT SMP NOPTI",
                "[  325.912402] CPU: 1 PID: 4242 Comm: cat Tainted: G           OE      6.1.0-test #1",
                "[  325.912436] RIP: 0010:" + show + " [koops_demo]",
                "[  325.912483] RSP: 0018:ffffb4e0c1c8fd48 EFLAGS: 00010246",
                "[  325.912594] Call Trace:",
                "[  325.912601]  <TASK>",
                "[  325.912676]  ? " + show + " [koops_demo]",
                "[  325.912695]  " + store + " [koops_demo]",
                "[  325.912713]  " + classify,
                "[  325.912729]  " + main,
                "[  325.912744]  </TASK>",
                "[  325.912760] Modules linked in: koops_demo(OE)",
                "[  325.912774] CR2: 0000000000000010",
                "[  325.912788] ---[ end trace 0000000000000000 ]---") + "\n";
    }

    private static String entry(Symbolizer s, String function, long offset) {
        Symbol sym = s.symbols(function).get(0);
        return new Frame(function, offset, sym.size(), null, null, null, true, null, 0, null).symbolic();
    }
}
