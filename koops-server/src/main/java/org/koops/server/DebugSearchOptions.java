package org.koops.server;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.koops.debuginfo.DebugFiles;
import picocli.CommandLine.Option;

/**
 * Where the kernels' debug info is looked for: the options {@code koops serve} and the commands that symbolise
 * ({@code koops explain}, {@code decode}, {@code disasm}) share, with one meaning and one help. A command looks
 * debug info up only when {@link #given} says one of them names some, or when looking up is its purpose; the
 * debug directories are then those given, else {@code SYSROOT/usr/lib/debug}, and the debuginfod servers those
 * given, else those of {@code DEBUGINFOD_URLS}, as elfutils' tools ask them.
 */
public final class DebugSearchOptions {
    @Option(names = "--debug-dir", paramLabel = "DIR",
            description = "A debug directory: DIR/boot/vmlinux-RELEASE, DIR/lib/modules/RELEASE and DIR/.build-id/"
                    + "xx/yyyy.debug files by build id (repeatable; default: /usr/lib/debug under the sysroot).")
    List<Path> debugDirs = new ArrayList<>();

    @Option(names = "--sysroot", paramLabel = "DIR",
            description = "Look for the standard places (/usr/lib/debug, /lib/modules, /boot) under DIR instead"
                    + " of /, e.g. another machine's file system.")
    Path sysroot;

    @Option(names = "--debuginfod", paramLabel = "URL",
            description = "A debuginfod server asked for the debug files of build ids found nowhere else, each"
                    + " fetched once and cached (repeatable; tried in order; default: the servers of DEBUGINFOD_URLS).")
    List<URI> debuginfod = new ArrayList<>();

    @Option(names = "--no-debuginfod", description = "Ask no debuginfod server, not even those of DEBUGINFOD_URLS.")
    boolean noDebuginfod;

    @Option(names = "--debuginfod-cache", paramLabel = "DIR",
            description = "Where the files fetched from debuginfod are kept (default: DEBUGINFOD_CACHE_PATH, else"
                    + " $XDG_CACHE_HOME/debuginfod_client, else ~/.cache/debuginfod_client, as elfutils keeps them).")
    Path debuginfodCache;

    /** Whether an option names debug info: {@code --debug-dir}, {@code --sysroot} or {@code --debuginfod}. */
    public boolean given() {
        return debugInfo().given();
    }

    /** Why the options cannot be used, or {@code null}: a missing directory is reported once, not per frame. */
    public String problem() {
        List<Path> dirs = new ArrayList<>(debugDirs);
        if (sysroot != null) {
            dirs.add(sysroot);
        }
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                return "cannot read " + dir + ": " + (Files.exists(dir) ? "not a directory" : "no such directory");
            }
        }
        for (URI url : debuginfod) {
            if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
                return "--debuginfod must be an http:// or https:// URL, not " + url;
            }
        }
        return null;
    }

    /**
     * The debug files these options and the environment name, {@code vmlinux} and {@code modules} (each may be
     * null) given first.
     */
    public DebugFiles files(Path vmlinux, Path modules) {
        return debugInfo().files(vmlinux, modules, System.getenv());
    }

    /** What {@code koops serve} looks its crashes up in: nothing unless an option names debug info. */
    ServerConfig.DebugInfo debugInfo() {
        return new ServerConfig.DebugInfo(List.copyOf(debugDirs), sysroot, List.copyOf(debuginfod), noDebuginfod,
                debuginfodCache);
    }
}
