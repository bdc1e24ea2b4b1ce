package org.koops.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import org.koops.LogInput;
import org.koops.LogInputs;
import org.koops.debuginfo.DecodedLine;
import org.koops.debuginfo.FrameLocation;
import org.koops.debuginfo.KernelDebugInfo;
import org.koops.debuginfo.LogDecoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "decode", mixinStandardHelpOptions = true, versionProvider = KoopsCommand.Version.class,
        description = {"Prints kernel logs with the call traces of their crash reports symbolised to source file and"
                + " line, as the kernel's scripts/decode_stacktrace.sh does: each func+0x1/0x2 is followed by its"
                + " location, the functions inlined there first. The faulting instruction is looked up at its"
                + " address, the other entries, return addresses, at the call before them.",
                "Without --vmlinux and --modules, the debug files are looked for by the kernel release each report"
                + " names: under /usr/lib/debug (boot/vmlinux-RELEASE, lib/modules/RELEASE), /lib/modules/RELEASE,"
                + " /boot, by build id in /usr/lib/debug/.build-id, and from the debuginfod servers of DEBUGINFOD_URLS.",
                "A crash dump (kdump vmcore) or a pstore directory is read for the logs it holds."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:at least one entry was found in the debug info", "1:no entry was found",
                "2:bad usage, or an input or debug file could not be read",
                ExitCodes.INTERNAL_ERROR_HELP},
        footerHeading = "%nExamples:%n",
        footer = {"  koops decode --vmlinux /usr/lib/debug/boot/vmlinux-6.1.0-18-amd64 \\",
                "               --modules /usr/lib/debug/lib/modules/6.1.0-18-amd64 crash.log",
                "  dmesg | koops decode                                       # the debug files of the running kernel",
                "  koops decode --format=json --vmlinux vmlinux crash.log    # a JSON line per entry"})
final class DecodeCommand implements Callable<Integer> {
    /** How inlined functions are shown; lower-case as typed. */
    enum Inline { join, lines }

    @Mixin
    InputOptions inputs;

    @Mixin
    DebugInfoOptions debugInfo;

    @Option(names = "--inline", paramLabel = "HOW", defaultValue = "join",
            description = "join: all locations in one pair of parentheses (decode_stacktrace.sh);"
                    + " lines: a line per inlined function (syzkaller). Default: ${DEFAULT-VALUE}.")
    Inline inline;

    /** Where return addresses are looked up; lower-case as typed. */
    enum ReturnAddresses { call, exact }

    @Option(names = "--return-addresses", paramLabel = "HOW", defaultValue = "call",
            description = "call: look up the return addresses of call-trace entries at the call instruction,"
                    + " one byte before (syzkaller, faddr2line); exact: at the printed address, as"
                    + " decode_stacktrace.sh does, which may name the line after the call. Default: ${DEFAULT-VALUE}.")
    ReturnAddresses returnAddresses;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String problem = debugInfo.problem();
        if (problem != null) {
            err.println("koops: " + problem + " (see 'koops decode --help')");
            return ExitCodes.USAGE;
        }
        boolean found = false;
        boolean unreadable = false;
        Set<String> problems = new LinkedHashSet<>();
        try (KernelDebugInfo kernel = debugInfo.kernel()) {
            LogDecoder decoder = new LogDecoder(kernel, returnAddresses == ReturnAddresses.call);
            for (String name : inputs.files.isEmpty() ? List.of("-") : inputs.files) {
                boolean[] any = {false};
                Consumer<DecodedLine> sink = line -> {
                    print(out, name, line);
                    for (FrameLocation f : line.frames()) {
                        any[0] |= !DecodedText.located(f).isEmpty();
                        if (f.problem() != null) {
                            problems.add(f.problem());
                        }
                    }
                };
                try {
                    if (name.equals("-")) {
                        decoder.decode(System.in, sink);
                    } else {
                        decode(decoder, kernel, Path.of(name), sink, err);
                    }
                } catch (IOException e) {
                    unreadable = true;
                    err.println("koops: cannot read " + (name.equals("-") ? "standard input" : name) + ": "
                            + InputReader.reason(e));
                    if (inputs.stacktrace.requested) {
                        e.printStackTrace(err);
                    }
                }
                found |= any[0];
            }
        }
        out.flush();
        problems.forEach(p -> err.println("koops: " + p));
        return unreadable ? ExitCodes.USAGE : found ? ExitCodes.OK : ExitCodes.NO_REPORT;
    }

    /** Each log the path holds (a log file read where it is; a vmcore's log; a directory's logs and records). */
    private static void decode(LogDecoder decoder, KernelDebugInfo kernel, Path path, Consumer<DecodedLine> sink,
                               PrintWriter err) throws IOException {
        for (LogInput log : LogInputs.find(path)) {
            if (log.file() != null) {
                decoder.decode(log.file(), sink);
                continue;
            }
            try (InputStream in = log.open()) {
                log.problems().forEach(p -> err.println("koops: " + log.name() + " (" + log.kind() + "): " + p));
                if (log.kernel() != null) {
                    // A vmcore's kernel is also found by its build id (debug directories, debuginfod).
                    kernel.kernelBuildId(log.kernel().release(), log.kernel().buildId());
                }
                decoder.decode(in, sink);
            }
        }
    }

    private void print(PrintWriter out, String input, DecodedLine line) {
        if (inputs.json()) {
            line.frames().forEach(f -> out.println(DecodedJson.line(input, f)));
        } else {
            DecodedText.lines(line, inline == Inline.lines).forEach(out::println);
        }
    }
}
