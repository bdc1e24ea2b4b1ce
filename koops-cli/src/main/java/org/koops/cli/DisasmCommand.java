package org.koops.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.Koops;
import org.koops.LogInput;
import org.koops.LogInputs;
import org.koops.debuginfo.KernelDebugInfo;
import org.koops.disasm.CodeDecoder;
import org.koops.disasm.FaultingFunction;
import org.koops.disasm.Disassemblers;
import org.koops.json.ReportJson;
import org.koops.model.Arch;
import org.koops.model.CodeBytes;
import org.koops.model.CrashReport;
import org.koops.model.Damage;
import org.koops.model.Disassembly;
import org.koops.model.FaultingCode;
import org.koops.model.Frame;
import org.koops.parse.CodeParser;
import org.koops.text.ReportText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "disasm", mixinStandardHelpOptions = true, versionProvider = KoopsCommand.Version.class,
        description = {"Decodes the Code: bytes of crash reports into instructions, the faulting one marked, and says"
                + " which register held the bad pointer and with what offset, as the kernel's scripts/decodecode does"
                + " with objdump. Uses Capstone 4 (libcapstone4), else GNU objdump (binutils)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:at least one Code: line was decoded", "1:no Code: line found, or none could be decoded",
                "2:bad usage, or an input could not be read", ExitCodes.INTERNAL_ERROR_HELP},
        footerHeading = "%nExamples:%n",
        footer = {"  koops disasm crash.log                           # every report's Code: line",
                "  koops disasm 'Code: 48 85 db 74 0c <8b> 33 48 c7 c7'",
                "  koops disasm --object lab_proc_null.ko crash.log     # the whole function, source lines"})
final class DisasmCommand implements Callable<Integer> {
    enum Backend { auto, capstone, objdump }

    @Parameters(paramLabel = "INPUT", arity = "0..*",
            description = "Kernel logs, '-' for standard input (the default), or a Code: line itself.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--arch", paramLabel = "ARCH", description = "Architecture of a lone Code: line: x86_64, x86,"
            + " arm64, arm, riscv64 (default: x86_64 for bytes, arm64 for 32-bit words).")
    String arch;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "auto",
            description = "Disassembler: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}: Capstone, else objdump).")
    Backend backend;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    InputOptions.Format format;

    @Option(names = "--object", paramLabel = "FILE", description = "A vmlinux or .ko with debug info: also list the"
            + " whole faulting function from it with source lines (as objdump -d -l -r), and check the Code: bytes against it."
            + " Without it, the faulting function's file is looked for as koops decode looks for it when debug options"
            + " are given, and for a crash dump's reports by the kernel build id and release the dump names.")
    Path object;

    @Mixin
    DebugInfoOptions debugInfo;

    @Mixin
    StacktraceOption stacktrace;

    @Spec
    CommandSpec spec;

    /**
     * A process's fault, whose Code: line follows (arch/x86/mm/fault.c show_signal_msg, arch/x86/kernel/traps.c):
     * {@code a.out[4321]: segfault at 0 ip 000055d5c4a0113d sp ...}, {@code traps: a.out[4321] general protection
     * fault ip:55d5c4a0113d sp:...}.
     */
    private static final Pattern USER_FAULT = Pattern.compile("(?<what>\\S+\\[\\d+\\]:? (?:segfault at [0-9a-f]+"
            + "|general protection fault|trap [a-z ]+?)) ip:? ?(?<ip>[0-9a-f]{1,16}+)");

    private final ReportText text = ReportText.create(ReportText.Highlighter.PLAIN, false);
    private final ReportJson json = ReportJson.create();
    /** The kernel's debug files, opened for the first report whose function is looked for. */
    private KernelDebugInfo kernel;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CodeDecoder decoder = switch (backend) {
            case auto -> Disassemblers.installed();
            case capstone -> Disassemblers.capstone().map(d -> Disassemblers.using(List.of(d))).orElse(null);
            case objdump -> Disassemblers.objdump().map(d -> Disassemblers.using(List.of(d))).orElse(null);
        };
        if (decoder == null) {
            err.println("koops: " + (backend == Backend.capstone ? Disassemblers.capstoneProblem() : Disassemblers.objdumpProblem()));
            return ExitCodes.USAGE;
        }
        if (decoder.backends().isEmpty()) {
            err.println("koops: no disassembler is installed: " + Disassemblers.capstoneProblem() + "; "
                    + Disassemblers.objdumpProblem());
            return ExitCodes.USAGE;
        }
        Arch forced = null;
        if (arch != null) {
            forced = Arrays.stream(Arch.values()).filter(a -> a.id().equals(arch)).findFirst().orElse(null);
            if (forced == null) {
                err.println("koops: unknown architecture '" + arch + "' (x86_64, x86, arm64, arm, riscv64)");
                return ExitCodes.USAGE;
            }
        }
        String problem = debugInfo.given() ? debugInfo.problem() : null;
        if (problem != null) {
            err.println("koops: " + problem + " (see 'koops disasm --help')");
            return ExitCodes.USAGE;
        }
        try {
            return run(out, err, forced, decoder);
        } finally {
            if (kernel != null) {
                kernel.close();
            }
        }
    }

    private int run(PrintWriter out, PrintWriter err, Arch forced, CodeDecoder decoder) {
        int[] decoded = {0};
        boolean unreadable = false;
        for (String input : inputs.isEmpty() ? List.of("-") : inputs) {
            try {
                if (input.contains("Code:") && !Files.exists(Path.of(input))) {
                    decoded[0] += line(out, err, "argument", input, forced, decoder) ? 1 : 0;
                } else {
                    decoded[0] += log(out, err, input, forced, decoder);
                }
            } catch (IOException e) {
                unreadable = true;
                err.println("koops: cannot read " + input + ": " + InputReader.reason(e));
                if (stacktrace.requested) {
                    e.printStackTrace(err);
                }
            }
        }
        out.flush();
        err.flush();
        return unreadable ? ExitCodes.USAGE : decoded[0] > 0 ? ExitCodes.OK : ExitCodes.NO_REPORT;
    }

    /** Each log of an input (a log file, standard input, the log of a crash dump, a directory's logs and records). */
    private int log(PrintWriter out, PrintWriter err, String input, Arch forced, CodeDecoder decoder) throws IOException {
        if (!input.equals("-")) {
            int decoded = 0;
            for (LogInput log : LogInputs.find(Path.of(input))) {
                decoded += log(out, err, log.name(), log, forced, decoder);
            }
            return decoded;
        }
        Path copy = copyOfStdin();
        try {
            return log(out, err, input, new StdinCopy(copy), forced, decoder);
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /** Standard input, kept in a file since a log is read twice. */
    private record StdinCopy(Path file) implements LogInput {
        @Override
        public String name() {
            return "-";
        }

        @Override
        public String kind() {
            return "log";
        }

        @Override
        public long size() {
            return -1;
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(file);
        }

        @Override
        public List<String> problems() {
            return List.of();
        }
    }

    /** The reports of a log; a log without reports has its Code: lines decoded one by one. */
    private int log(PrintWriter out, PrintWriter err, String input, LogInput log, Arch forced, CodeDecoder decoder)
            throws IOException {
        int[] decoded = {0};
        int[] reports = {0};
        try (InputStream in = log.open()) {
            log.problems().forEach(p -> err.println("koops: " + input + " (" + log.kind() + "): " + p));
            LogInput.Kernel dumped = log.kernel();
            Koops.create().withDisassembler(decoder).scan(in, r -> {
                reports[0]++;
                FaultingCode code = r.diagnosis().faultingCode();
                if (code == null) {
                    return;
                }
                String where = input + ": report #" + (r.index() + 1) + ", " + r.displayTitle();
                Path file = objectOf(r, dumped, err, where);
                FaultingFunction function = file == null ? null : FaultingFunction.of(r, file, backend == Backend.objdump);
                if (function != null && format == InputOptions.Format.json) {
                    out.println(ReportJson.toLine(FaultingFunctionOutput.json(json.faultingCode(code).put("input", where),
                            function, file)));
                } else {
                    print(out, where, code);
                    if (function != null) {
                        FaultingFunctionOutput.print(out, function, file);
                    }
                }
                decoded[0] += code.disassembly().instructions().isEmpty() ? 0 : 1;
            }, bytes -> { });
        }
        try (java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(log.open(),
                java.nio.charset.StandardCharsets.ISO_8859_1))) {
            String previous = "";
            for (String l = lines.readLine(); l != null; previous = l, l = lines.readLine()) {
                if (!l.contains("Code: ")) {
                    continue;
                }
                Matcher fault = USER_FAULT.matcher(previous);
                if (fault.find()) {
                    decoded[0] += userFault(out, err, input, fault, l, forced, decoder) ? 1 : 0;
                } else if (reports[0] == 0) {
                    decoded[0] += line(out, err, input, l, forced, decoder) ? 1 : 0;
                }
            }
        }
        if (decoded[0] == 0) {
            err.println("koops: no Code: line decoded in " + (input.equals("-") ? "standard input" : input));
        }
        return decoded[0];
    }

    /**
     * The object file to list a report's faulting function from: the one given; else, when debug
     * options are given or the log is a crash dump's, the file of the function's module (or of the
     * kernel) found as koops decode finds it, the dump's kernel build id handed over first. Why none
     * was found goes to standard error.
     */
    private Path objectOf(CrashReport r, LogInput.Kernel dumped, PrintWriter err, String where) {
        if (object != null || (!debugInfo.given() && dumped == null)) {
            return object;
        }
        Frame ip = FaultingFunction.faultingFrame(r);
        if (ip == null) {
            return null;
        }
        if (kernel == null) {
            kernel = debugInfo.kernel();
        }
        if (dumped != null) {
            kernel.kernelBuildId(dumped.release(), dumped.buildId());
        }
        String release = r.details().task() == null ? null : r.details().task().release();
        KernelDebugInfo.DebugFile found = kernel.debugFile(ip.module(), ip.buildId(), release);
        if (found.file() == null) {
            err.println("koops: " + where + ": " + ip.function() + " is not listed: " + found.why());
        }
        return found.file();
    }

    /** The Code: line a process's fault prints after its segfault or traps line, decoded at the fault's ip. */
    private boolean userFault(PrintWriter out, PrintWriter err, String input, Matcher fault, String line, Arch forced,
                              CodeDecoder decoder) {
        List<Damage> damage = new ArrayList<>();
        CodeBytes code = CodeParser.parse(line, damage);
        damage.forEach(d -> err.println("koops: " + input + ": " + d.what()));
        Arch a = forced != null ? forced : code.unitSize() == 4 ? Arch.ARM64 : Arch.X86_64;
        Disassembly d = decoder.disassemble(a, code, Long.parseUnsignedLong(fault.group("ip"), 16));
        print(out, input + ": " + fault.group("what") + " in user space", new FaultingCode(d, null));
        return !d.instructions().isEmpty();
    }

    /** One Code: line on its own: no registers to tie it to. */
    private boolean line(PrintWriter out, PrintWriter err, String input, String line, Arch forced, CodeDecoder decoder) {
        List<Damage> damage = new ArrayList<>();
        CodeBytes code = CodeParser.parse(line, damage);
        damage.forEach(d -> err.println("koops: " + input + ": " + d.what()));
        Arch a = forced != null ? forced : code.unitSize() == 1 ? Arch.X86_64 : code.unitSize() == 4 ? Arch.ARM64 : null;
        if (a == null) {
            err.println("koops: " + input + ": a Code: line of 16-bit units is Thumb or RISC-V: say which with --arch arm"
                    + " or --arch riscv64");
            return false;
        }
        Disassembly d = decoder.disassemble(a, code, null);
        print(out, input, new FaultingCode(d, null));
        return !d.instructions().isEmpty();
    }

    private void print(PrintWriter out, String where, FaultingCode code) {
        if (format == InputOptions.Format.json) {
            out.println(ReportJson.toLine(json.faultingCode(code).put("input", where)));
            return;
        }
        out.println("== " + where);
        text.disassembly(code.disassembly()).forEach(out::println);
        if (code.pointer() != null) {
            out.println(code.pointer().statement());
        }
        if (code.userSpace() != null) {
            out.println("user space:");
            text.userSpace(code.userSpace()).forEach(out::println);
        }
        out.println();
    }

    private static Path copyOfStdin() throws IOException {
        Path tmp = Files.createTempFile("koops-disasm", ".log");
        Files.copy(System.in, tmp, StandardCopyOption.REPLACE_EXISTING);
        return tmp;
    }
}
