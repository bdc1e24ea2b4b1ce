package org.koops.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.koops.LogInput;
import org.koops.LogInputs;
import org.koops.dump.CpuState;
import org.koops.dump.DumpInfo;
import org.koops.dump.Vmcore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "dmesg", mixinStandardHelpOptions = true, versionProvider = KoopsCommand.Version.class,
        description = {"Prints the kernel log a crash dump holds, as makedumpfile --dump-dmesg and vmcore-dmesg print"
                + " it, with no vmlinux: kdump vmcores (ELF, kdump compressed with zlib, LZO, Snappy or zstd pages,"
                + " flattened) and qemu's dump-guest-memory files, of x86-64 and arm64 kernels. A pstore directory"
                + " gives its records, their parts joined; any other log is printed decompressed.",
                "What could not be read of a damaged dump is said on standard error; the rest of the log is printed."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.OK + ":a log was printed", ExitCodes.NO_REPORT + ":the inputs hold no log",
                ExitCodes.USAGE_HELP, ExitCodes.INTERNAL_ERROR_HELP},
        footerHeading = "%nExamples:%n",
        footer = {"  koops dmesg /var/crash/202612061530/dump.202612061530",
                "  koops dmesg --info vmcore              # format, release, build id, crash time, registers",
                "  koops dmesg /sys/fs/pstore"})
final class DmesgCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Crash dumps, pstore directories or logs.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--info", description = "Print what a dump says about itself and its kernel instead of the log.")
    boolean info;

    @Mixin
    StacktraceOption stacktrace;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        boolean printed = false;
        boolean unreadable = false;
        for (Path path : files) {
            try {
                printed |= info ? info(path) : print(path, err);
            } catch (IOException e) {
                unreadable = true;
                err.println("koops: cannot read " + path + ": " + InputReader.reason(e));
                if (stacktrace.requested) {
                    e.printStackTrace(err);
                }
            }
        }
        err.flush();
        return unreadable ? ExitCodes.USAGE : printed ? ExitCodes.OK : ExitCodes.NO_REPORT;
    }

    /** Copies each log of the path to standard output (UTF-8, as the command writes everything). */
    private boolean print(Path path, PrintWriter err) throws IOException {
        List<LogInput> logs = LogInputs.find(path);
        if (logs.isEmpty()) {
            err.println("koops: no kernel log, vmcore or pstore record found in " + path);
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean any = false;
        for (LogInput log : logs) {
            try (InputStream in = log.open()) {
                log.problems().forEach(p -> err.println("koops: " + log.name() + " (" + log.kind() + "): " + p));
                any |= new InputStreamReader(in, StandardCharsets.UTF_8).transferTo(out) > 0;
                out.flush();
            }
        }
        return any;
    }

    private boolean info(Path path) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        try (Vmcore dump = Vmcore.open(path)) {
            DumpInfo i = dump.info();
            out.println(path + ": " + i.format() + " vmcore, " + i.machine());
            out.println("  release:     " + (i.release() == null ? "-" : i.release()));
            out.println("  build id:    " + (i.buildId() == null ? "-" : i.buildId()));
            out.println("  crash time:  " + (i.crashTime() == null ? "-" : i.crashTime()));
            out.println("  page size:   " + i.pageSize());
            out.println("  VMCOREINFO:  " + i.vmcoreinfo());
            if (i.crashingCpu() != null) {
                out.println("  dumping CPU: " + i.crashingCpu());
            }
            for (CpuState cpu : i.cpus()) {
                out.println("  CPU " + cpu.cpu() + " (pid " + cpu.pid() + "):");
                StringBuilder line = new StringBuilder("   ");
                int n = 0;
                for (Map.Entry<String, Long> r : cpu.registers().entrySet()) {
                    line.append(String.format(Locale.ROOT, " %8s %016x", r.getKey(), r.getValue()));
                    if (++n % 3 == 0) {
                        out.println(line);
                        line.setLength(0);
                        line.append("   ");
                    }
                }
                if (n % 3 != 0) {
                    out.println(line);
                }
            }
        }
        out.flush();
        return true;
    }
}
