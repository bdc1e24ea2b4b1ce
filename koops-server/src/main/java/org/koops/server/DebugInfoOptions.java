package org.koops.server;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import picocli.CommandLine.Option;

/** Where {@code koops serve} finds the kernels' debug info, for the source lines of its pages. */
final class DebugInfoOptions {
    @Option(names = "--debug-dir", paramLabel = "DIR",
            description = "A debug directory (DIR/boot/vmlinux-RELEASE, DIR/lib/modules/RELEASE, DIR/.build-id):"
                    + " crash pages show the source line of each entry, by the crash's kernel release (repeatable).")
    List<Path> debugDirs = new ArrayList<>();

    @Option(names = "--sysroot", paramLabel = "DIR",
            description = "Look for the kernels' debug info in the standard places (/usr/lib/debug, /lib/modules,"
                    + " /boot) under DIR, such as / on a machine with Debian's linux-image-*-dbg packages.")
    Path sysroot;

    @Option(names = "--debuginfod", paramLabel = "URL",
            description = "A debuginfod server asked for the debug files of build ids found nowhere else, each"
                    + " fetched once and cached (repeatable; tried in order).")
    List<URI> debuginfod = new ArrayList<>();

    @Option(names = "--debuginfod-cache", paramLabel = "DIR",
            description = "Where the files fetched from debuginfod are kept (default: $XDG_CACHE_HOME/koops/debuginfod,"
                    + " else ~/.cache/koops/debuginfod).")
    Path debuginfodCache;

    /** The debug info asked for; a message for the user when a directory or URL is wrong. */
    ServerConfig.DebugInfo debugInfo() {
        for (Path dir : Stream.concat(debugDirs.stream(), Stream.ofNullable(sysroot)).toList()) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("no such directory: " + dir);
            }
        }
        for (URI url : debuginfod) {
            if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
                throw new IllegalArgumentException("--debuginfod must be an http:// or https:// URL, not " + url);
            }
        }
        List<Path> dirs = new ArrayList<>(debugDirs);
        if (dirs.isEmpty() && sysroot != null) {
            dirs.add(sysroot.resolve("usr/lib/debug"));
        }
        Path cache = debuginfodCache;
        if (cache == null && !debuginfod.isEmpty()) {
            String xdg = System.getenv("XDG_CACHE_HOME");
            cache = (xdg == null || xdg.isEmpty() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(xdg))
                    .resolve("koops").resolve("debuginfod");
        }
        return new ServerConfig.DebugInfo(List.copyOf(dirs), sysroot, List.copyOf(debuginfod), cache);
    }
}
