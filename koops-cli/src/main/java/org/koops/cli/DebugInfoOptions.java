package org.koops.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.koops.debuginfo.DebugFiles;
import org.koops.debuginfo.Debuginfod;
import org.koops.debuginfo.IndexCache;
import org.koops.debuginfo.KernelDebugInfo;
import picocli.CommandLine.Option;

/** Where the kernel's debug info is: the options shared by the commands that symbolise. */
final class DebugInfoOptions {
    static final Path DEFAULT_DEBUG_DIR = Path.of("/usr/lib/debug");

    @Option(names = "--vmlinux", paramLabel = "FILE",
            description = "The kernel image with debug info, e.g. /usr/lib/debug/boot/vmlinux-RELEASE"
                    + " (Debian's linux-image-*-dbg) or the build's vmlinux. Default: found by the report's kernel"
                    + " release under the debug directories, /lib/modules/RELEASE/build and /boot.")
    Path vmlinux;

    @Option(names = "--modules", paramLabel = "DIR",
            description = "A directory searched at any depth for module files (.ko, .ko.xz, .ko.zst, .ko.gz,"
                    + " .ko.debug), e.g. /usr/lib/debug/lib/modules/RELEASE; '-' and '_' are the same in names."
                    + " Default: DEBUG-DIR/lib/modules/RELEASE, then /lib/modules/RELEASE.")
    Path modules;

    @Option(names = "--debug-dir", paramLabel = "DIR",
            description = "A debug directory: DIR/boot/vmlinux-RELEASE, DIR/lib/modules/RELEASE and DIR/.build-id/"
                    + "xx/yyyy.debug files by build id (repeatable; default: /usr/lib/debug).")
    List<Path> debugDirs = new ArrayList<>();

    @Option(names = "--sysroot", paramLabel = "DIR",
            description = "Look for the standard places (/lib/modules, /boot, /usr/lib/debug) under DIR instead"
                    + " of /, e.g. another machine's file system.")
    Path sysroot;

    @Option(names = "--no-debuginfod",
            description = "Do not fetch debug files by build id from the servers of DEBUGINFOD_URLS.")
    boolean noDebuginfod;

    @Option(names = "--index-cache", paramLabel = "DIR",
            description = "Where the index of a vmlinux (its symbols and the map of its DWARF units, a few MB) is kept by"
                    + " build id, so that later runs open it faster. Default: $XDG_CACHE_HOME/koops/index, else"
                    + " ~/.cache/koops/index.")
    Path indexCache;

    @Option(names = "--no-index-cache", description = "Build the index of the vmlinux afresh and keep it nowhere.")
    boolean noIndexCache;

    /** Whether any option names debug info (explain symbolises only then). */
    boolean given() {
        return vmlinux != null || modules != null || !debugDirs.isEmpty() || sysroot != null;
    }

    /** Why the options cannot be used, or {@code null}: a missing file is reported once, not per frame. */
    String problem() {
        if (vmlinux != null && !Files.isRegularFile(vmlinux)) {
            return "cannot read " + vmlinux + ": " + (Files.exists(vmlinux) ? "not a file" : "no such file");
        }
        if (modules != null && !Files.isDirectory(modules)) {
            return "cannot read " + modules + ": " + (Files.exists(modules) ? "not a directory" : "no such directory");
        }
        if (sysroot != null && !Files.isDirectory(sysroot)) {
            return "cannot read " + sysroot + ": " + (Files.exists(sysroot) ? "not a directory" : "no such directory");
        }
        return null;
    }

    /** The kernel's debug info the options name, its vmlinux's index kept in the index cache unless that is turned off. */
    KernelDebugInfo kernel() {
        KernelDebugInfo kernel = KernelDebugInfo.of(files());
        return noIndexCache ? kernel
                : kernel.withIndexCache(new IndexCache(indexCache != null ? indexCache : IndexCache.defaultDir(System.getenv())));
    }

    /** The debug files the options and the environment ({@code DEBUGINFOD_URLS}) name. */
    DebugFiles files() {
        Path root = sysroot == null ? Path.of("/") : sysroot;
        List<Path> dirs = new ArrayList<>();
        if (debugDirs.isEmpty()) {
            dirs.add(root.resolve(DEFAULT_DEBUG_DIR.toString().substring(1)));
        } else {
            dirs.addAll(debugDirs);
        }
        return DebugFiles.of(vmlinux, modules, dirs, root, noDebuginfod ? null : Debuginfod.fromEnvironment(System.getenv()));
    }
}
