package org.koops.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import org.koops.debuginfo.IndexCache;
import org.koops.debuginfo.KernelDebugInfo;
import org.koops.server.DebugSearchOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the kernel's debug info is: the options shared by the commands that symbolise. Where it is searched for
 * ({@code --debug-dir}, {@code --sysroot}, {@code --debuginfod} ...) is {@link DebugSearchOptions}, shared with
 * {@code koops serve}; a run of one kernel may also name its files and keep its vmlinux's index.
 */
final class DebugInfoOptions {
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

    @Mixin
    DebugSearchOptions search;

    @Option(names = "--index-cache", paramLabel = "DIR",
            description = "Where the index of a vmlinux (its symbols and the map of its DWARF units, a few MB) is kept by"
                    + " build id, so that later runs open it faster. Default: $XDG_CACHE_HOME/koops/index, else"
                    + " ~/.cache/koops/index.")
    Path indexCache;

    @Option(names = "--no-index-cache", description = "Build the index of the vmlinux afresh and keep it nowhere.")
    boolean noIndexCache;

    /** Whether any option names debug info (explain symbolises only then). */
    boolean given() {
        return vmlinux != null || modules != null || search.given();
    }

    /** Why the options cannot be used, or {@code null}: a missing file is reported once, not per frame. */
    String problem() {
        if (vmlinux != null && !Files.isRegularFile(vmlinux)) {
            return "cannot read " + vmlinux + ": " + (Files.exists(vmlinux) ? "not a file" : "no such file");
        }
        if (modules != null && !Files.isDirectory(modules)) {
            return "cannot read " + modules + ": " + (Files.exists(modules) ? "not a directory" : "no such directory");
        }
        return search.problem();
    }

    /** The kernel's debug info the options name, its vmlinux's index kept in the index cache unless that is turned off. */
    KernelDebugInfo kernel() {
        KernelDebugInfo kernel = KernelDebugInfo.of(search.files(vmlinux, modules));
        return noIndexCache ? kernel
                : kernel.withIndexCache(new IndexCache(indexCache != null ? indexCache : IndexCache.defaultDir(System.getenv())));
    }
}
