package org.koops.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.debuginfo.Resolution;
import org.koops.debuginfo.SourceLocation;
import org.koops.debuginfo.Symbolizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;

@Command(name = "addr2line", mixinStandardHelpOptions = true, versionProvider = KoopsCommand.Version.class,
        description = {"Finds the source lines of func+0xoff[/0xsize] locations in a vmlinux or a module (also"
                + " .ko.xz, .ko.zst, .ko.gz), as the kernel's scripts/faddr2line does: the function and file:line,"
                + " then '(inlined by)' the functions it was inlined into. Static functions sharing a name are told"
                + " apart by the size; without one, every function of that name is shown."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every location was found", "1:a location was not found",
                "2:bad usage, or the file could not be read",
                ExitCodes.INTERNAL_ERROR_HELP},
        footerHeading = "%nExamples:%n",
        footer = {"  koops addr2line vmlinux vfs_write+0xc7/0x4a0",
                "  koops addr2line --source ~/linux vmlinux mod_sysfs_setup+0x240/0x3c0",
                "  koops addr2line /lib/modules/$(uname -r)/kernel/fs/ext4/ext4.ko.xz ext4_readdir+0x2a"})
final class Addr2lineCommand implements Callable<Integer> {
    private static final Pattern LOCATION = Pattern.compile(
            "([A-Za-z_.$][A-Za-z0-9_.$]*)\\+(0x[0-9a-fA-F]+|[0-9]+)(?:/(0x[0-9a-fA-F]+|[0-9]+))?");

    @Parameters(index = "0", paramLabel = "OBJ", description = "The vmlinux or module with debug info.")
    Path object;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "FUNC+OFF", description = "Locations: func+0xoff,"
            + " func+0xoff/0xsize, or an address (0xffffffff81234567, as addr2line takes it); '-' reads them from standard"
            + " input, one a line.")
    List<String> locations;

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{1,16}");

    @Option(names = "--source", paramLabel = "DIR",
            description = "The kernel source tree: show the lines around each location (faddr2line --list).")
    Path source;

    @Option(names = "--return-address", description = "The locations are return addresses (call-trace entries):"
            + " look them up at the call instruction, one byte before.")
    boolean returnAddress;

    @Mixin
    StacktraceOption stacktrace;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // Thousands of addresses from standard input: flushed once at the end, not line by line.
        PrintWriter out = new PrintWriter(new java.io.BufferedWriter(spec.commandLine().getOut(), 1 << 16), false);
        PrintWriter err = spec.commandLine().getErr();
        List<String> all = new java.util.ArrayList<>();
        for (String location : locations) {
            if (location.equals("-")) {
                try {
                    new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().map(String::strip)
                            .filter(l -> !l.isEmpty()).forEach(all::add);
                } catch (IOException e) {
                    err.println("koops: cannot read standard input: " + e.getMessage());
                    return ExitCodes.USAGE;
                }
            } else {
                all.add(location);
            }
        }
        for (String location : all) {
            if (!LOCATION.matcher(location).matches() && !ADDRESS.matcher(location).matches()) {
                err.println("koops: bad location '" + location + "': expected func+0xoff, func+0xoff/0xsize or 0xADDRESS");
                return ExitCodes.USAGE;
            }
        }
        boolean allFound = true;
        boolean first = true;
        try (Symbolizer symbolizer = Symbolizer.open(object)) {
            for (String location : all) {
                if (ADDRESS.matcher(location).matches()) {
                    List<SourceLocation> chain = symbolizer.symbolize(Long.parseUnsignedLong(location.substring(2), 16));
                    allFound &= !chain.isEmpty();
                    if (!first) {
                        out.println();
                    }
                    first = false;
                    out.println(location + ":");
                    printChain(out, chain);
                    continue;
                }
                Matcher m = LOCATION.matcher(location);
                m.matches();
                Long size = m.group(3) == null ? null : Long.decode(m.group(3));
                List<Resolution> found = symbolizer.resolve(m.group(1), Long.decode(m.group(2)), size, returnAddress);
                found.stream().filter(r -> !r.sizeMatches()).forEach(r -> err.println("koops: " + m.group(1)
                        + ": size mismatch: expected size 0x" + Long.toHexString(size) + ", found 0x" + Long.toHexString(r.symbol().size())));
                List<Resolution> shown = found.stream().filter(Resolution::sizeMatches).toList();
                if (shown.isEmpty()) {
                    allFound = false;
                    err.println("koops: no function " + m.group(1) + " holding offset " + m.group(2) + " in " + symbolizer.name());
                }
                for (Resolution r : shown) {
                    if (!first) {
                        out.println();
                    }
                    first = false;
                    print(out, r);
                }
            }
        } catch (IOException e) {
            out.flush();
            err.println("koops: cannot read " + object + ": " + e.getMessage().replace(object + ": ", ""));
            if (stacktrace.requested) {
                e.printStackTrace(err);
            }
            return ExitCodes.USAGE;
        }
        out.flush();
        return allFound ? ExitCodes.OK : ExitCodes.NO_REPORT;
    }

    private void print(PrintWriter out, Resolution r) {
        out.println(r.symbol().name() + "+0x" + Long.toHexString(r.offset()) + "/0x" + Long.toHexString(r.symbol().size())
                + (r.returnAddress() ? " (a return address: looked up at the call, +0x" + Long.toHexString(r.offset() - 1) + ")" : "")
                + ":");
        printChain(out, r.locations());
    }

    private void printChain(PrintWriter out, List<SourceLocation> locations) {
        List<SourceLocation> chain = locations.isEmpty() ? List.of(new SourceLocation(null, null, 0, 0, 0, null)) : locations;
        for (int i = 0; i < chain.size(); i++) {
            SourceLocation l = chain.get(i);
            String line = (i == 0 ? "" : "(inlined by) ") + (l.function() == null ? "??" : l.function()) + " at "
                    + (l.file() == null ? "??:?" : l.fileLine(true));
            if (source == null) {
                out.println(line);
            } else {
                out.println();
                out.println(line);
                SourceListing.print(out, source, l);
            }
        }
    }
}
