package org.koops.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine.Option;

/** Where the kernel's debug info is: the options shared by the commands that symbolise. */
final class DebugInfoOptions {
    @Option(names = "--vmlinux", paramLabel = "FILE",
            description = "The kernel image with debug info, e.g. /usr/lib/debug/boot/vmlinux-RELEASE"
                    + " (Debian's linux-image-*-dbg) or the build's vmlinux.")
    Path vmlinux;

    @Option(names = "--modules", paramLabel = "DIR",
            description = "A directory searched at any depth for module files (.ko, .ko.xz, .ko.zst, .ko.gz,"
                    + " .ko.debug), e.g. /usr/lib/debug/lib/modules/RELEASE; '-' and '_' are the same in names.")
    Path modules;

    /** Whether either option was given. */
    boolean given() {
        return vmlinux != null || modules != null;
    }

    /** Why the options cannot be used, or {@code null}: a missing file is reported once, not per frame. */
    String problem() {
        if (vmlinux == null && modules == null) {
            return "give --vmlinux, --modules or both";
        }
        if (vmlinux != null && !Files.isRegularFile(vmlinux)) {
            return "cannot read " + vmlinux + ": " + (Files.exists(vmlinux) ? "not a file" : "no such file");
        }
        if (modules != null && !Files.isDirectory(modules)) {
            return "cannot read " + modules + ": " + (Files.exists(modules) ? "not a directory" : "no such directory");
        }
        return null;
    }
}
