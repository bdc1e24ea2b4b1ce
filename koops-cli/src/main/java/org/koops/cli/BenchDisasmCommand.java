package org.koops.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.koops.disasm.CodeDecoder;
import org.koops.disasm.Disassembler;
import org.koops.disasm.Disassemblers;
import org.koops.model.Arch;
import org.koops.model.CodeBytes;
import org.koops.model.Disassembly;
import org.koops.parse.CodeParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "bench-disasm", mixinStandardHelpOptions = true, versionProvider = KoopsCommand.Version.class,
        description = {"Measures the decoding of every Code: line under a directory (syzkaller's corpus): koops with"
                + " Capstone in-process, the faulting instruction found and resynchronised, after warm-up; against one"
                + " objdump process per line on the same lines, as scripts/decodecode runs it, in the same run."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.OK + ":measured", ExitCodes.USAGE + ":bad usage, DIR is not a directory or holds no Code: line, or"
                + " Capstone or objdump is not installed", ExitCodes.BUG_HELP},
        footerHeading = "%nExamples:%n",
        footer = {"  koops bench-disasm ../shared/corpus/syzkaller-linux",
                "  koops bench-disasm --runs 20 ../shared/corpus/syzkaller-linux/report   # steadier, report/ only"})
final class BenchDisasmCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "A directory of kernel logs, read recursively.")
    Path dir;

    @Option(names = "--runs", defaultValue = "5", description = "Timed runs of koops; the best counts (default: ${DEFAULT-VALUE}).")
    int runs;

    @Spec
    CommandSpec spec;

    /** A Code: line and the instruction set it is decoded as. */
    private record Line(Arch arch, CodeBytes code) {
    }

    @Override
    public Integer call() throws IOException, Disassembler.DisassemblyException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(dir)) {
            err.println("koops: " + dir + " is not a directory");
            return ExitCodes.USAGE;
        }
        if (Disassemblers.capstone().isEmpty() || Disassemblers.objdump().isEmpty()) {
            err.println("koops: the benchmark needs both Capstone and objdump: "
                    + (Disassemblers.capstone().isEmpty() ? Disassemblers.capstoneProblem() : Disassemblers.objdumpProblem()));
            return ExitCodes.USAGE;
        }
        CodeDecoder koops = Disassemblers.using(List.of(Disassemblers.capstone().get()));
        Disassembler objdump = Disassemblers.objdump().get();
        List<Line> lines = new ArrayList<>();
        Map<Arch, Integer> skipped = new EnumMap<>(Arch.class);
        for (Line l : lines(dir)) {
            if (objdump.supports(l.arch(), l.code().unitSize())) {
                lines.add(l);
            } else {
                skipped.merge(l.arch(), 1, Integer::sum);
            }
        }
        // An architecture objdump cannot decode here (no cross binutils) is left out of both measures.
        skipped.forEach((arch, n) -> err.printf(Locale.ROOT, "koops: %d %s Code: lines skipped: no installed objdump decodes"
                + " %s code (binutils-multiarch or the cross binutils)%n", n, arch.id(), arch.id()));
        if (lines.isEmpty()) {
            err.println("koops: no Code: line with bytes that both decode under " + dir);
            return ExitCodes.USAGE;
        }
        out.printf(Locale.ROOT, "%d Code: lines with bytes under %s%n", lines.size(), dir);

        long instructions = 0;
        for (int warm = 0; warm < 30; warm++) {
            instructions = decodeAll(koops, lines);
        }
        long best = Long.MAX_VALUE;
        for (int run = 0; run < Math.max(1, runs); run++) {
            long t = System.nanoTime();
            decodeAll(koops, lines);
            best = Math.min(best, System.nanoTime() - t);
        }
        out.printf(Locale.ROOT, "koops (%s, in-process):     %8.1f ms  %7.1f us a line  %d instructions  (best of %d)%n",
                Disassemblers.capstone().get().name(), best / 1e6, best / 1e3 / lines.size(), instructions, runs);
        out.flush();

        long t = System.nanoTime();
        long objdumpInstructions = 0;
        for (Line l : lines) {
            objdumpInstructions += objdump.decode(l.arch(), l.code().unitSize(), l.code().bytes(), 0).size();
        }
        long baseline = System.nanoTime() - t;
        out.printf(Locale.ROOT, "%s, a process a line:  %8.1f ms  %7.1f us a line  %d instructions%n",
                objdump.name(), baseline / 1e6, baseline / 1e3 / lines.size(), objdumpInstructions);
        out.printf(Locale.ROOT, "koops is %.0fx faster%n", (double) baseline / best);
        return ExitCodes.OK;
    }

    private static long decodeAll(CodeDecoder decoder, List<Line> lines) {
        long n = 0;
        for (Line l : lines) {
            Disassembly d = decoder.disassemble(l.arch(), l.code(), null);
            n += d.instructions().size();
        }
        return n;
    }

    /** Every Code: line with bytes: x86-64 bytes, arm64 words (Thumb and RISC-V half-words are left out). */
    private static List<Line> lines(Path dir) throws IOException {
        List<Line> lines = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            for (String text : new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).split("\n")) {
                if (!text.contains("Code: ")) {
                    continue;
                }
                CodeBytes code = CodeParser.parse(text, new ArrayList<>());
                if (code.bytes().length == 0 || code.unitSize() == 2) {
                    continue;
                }
                lines.add(new Line(code.unitSize() == 1 ? Arch.X86_64 : Arch.ARM64, code));
            }
        }
        return lines;
    }
}
