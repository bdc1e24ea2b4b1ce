package org.koops.debuginfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

import org.koops.model.Frame;

/**
 * The debug info of one kernel: its {@code vmlinux} and the modules under a directory, each opened
 * on first use and kept open. It looks up the {@code func+0x1/0x2 [module]} entries of reports.
 *
 * <pre>{@code
 * try (KernelDebugInfo kernel = KernelDebugInfo.of(Path.of("vmlinux"), Path.of("/lib/modules/6.1.0-18-amd64"))) {
 *     FrameLocation where = kernel.locate(frame, true);
 * }
 * }</pre>
 */
public final class KernelDebugInfo implements AutoCloseable {
    private final DebugFiles files;
    /** By module name ("" for the kernel), build id and release: the same name may be of several kernels. */
    private final Map<String, Symbolizer> opened = new HashMap<>();
    private final Map<String, String> unavailable = new HashMap<>();
    private final Map<Path, Symbolizer> byFile = new HashMap<>();
    /** The file each opened symbolizer reads, for the tools that read it themselves ({@link #debugFile}). */
    private final Map<Symbolizer, Path> paths = new java.util.IdentityHashMap<>();
    private IndexCache indexCache;
    private boolean prefetchStarted;
    private Path prefetching;
    private java.util.concurrent.CompletableFuture<Symbolizer> prefetched;

    private KernelDebugInfo(DebugFiles files) {
        this.files = files;
    }

    /**
     * Tells the build id of the kernel of {@code release} (a crash dump's VMCOREINFO says it), so that its
     * vmlinux is also found by build id: in {@code .build-id} of the debug directories, or from debuginfod.
     */
    public void kernelBuildId(String release, String buildId) {
        files.kernelBuildId(release, buildId);
    }

    /** The debug info {@code files} finds, by the release and build ids of the entries looked up. */
    public static KernelDebugInfo of(DebugFiles files) {
        return new KernelDebugInfo(files);
    }

    /**
     * Keeps the index of each vmlinux it opens in {@code cache}, and reads it from there when it is
     * already: the symbol table and unit map are then not built again.
     */
    public KernelDebugInfo withIndexCache(IndexCache cache) {
        this.indexCache = cache;
        return this;
    }

    /**
     * @param vmlinux    the kernel image with debug info, or {@code null}
     * @param modulesDir a directory searched for module files ({@code .ko}, {@code .ko.xz}, {@code .ko.debug}
     *                   ...) at any depth, or {@code null}
     */
    public static KernelDebugInfo of(Path vmlinux, Path modulesDir) {
        return new KernelDebugInfo(DebugFiles.given(vmlinux, modulesDir));
    }

    /**
     * Looks up one entry. A return address (every call-trace entry but the one of the faulting
     * instruction) is looked up at the call instruction, one byte before; see {@link Resolution}.
     */
    public FrameLocation locate(Frame frame, boolean returnAddress) {
        return locate(frame, returnAddress, null);
    }

    /**
     * Looks up one entry of a report of the kernel {@code release} (its header's, or {@code null}),
     * which selects the debug files when none were given.
     */
    public FrameLocation locate(Frame frame, boolean returnAddress, String release) {
        if (frame.function() == null || frame.offset() == null) {
            return new FrameLocation(frame, null, "no function+offset to look up");
        }
        Opened file = file(frame.module(), frame.buildId(), release);
        Symbolizer symbolizer = file.symbolizer();
        if (symbolizer == null) {
            return new FrameLocation(frame, null, file.why());
        }
        try {
            List<Resolution> found = symbolizer.resolve(frame.function(), frame.offset(), frame.size(), returnAddress);
            if (found.isEmpty()) {
                return new FrameLocation(frame, null, "no function " + frame.function() + " of 0x"
                        + Long.toHexString(frame.offset()) + " bytes or more in " + symbolizer.name());
            }
            Resolution r = found.get(0);
            String problem = null;
            if (!r.sizeMatches()) {
                problem = frame.function() + " is 0x" + Long.toHexString(r.symbol().size()) + " bytes in " + symbolizer.name()
                        + ", not 0x" + Long.toHexString(frame.size()) + ": the debug info may be of another build";
            } else if (found.size() > 1) {
                problem = found.size() + " functions " + frame.function() + " match; the first is shown";
            } else if (!symbolizer.hasDebugInfo()) {
                problem = symbolizer.name() + " has no DWARF debug info";
            }
            return new FrameLocation(frame, r, problem);
        } catch (DebugInfoException e) {
            return new FrameLocation(frame, null, e.getMessage());
        }
    }

    /** An opened debug file, or why there is none. */
    record Opened(Symbolizer symbolizer, String why) {
    }

    /**
     * A debug file found, or why none was.
     *
     * @param file the file, with DWARF when one was found (a stripped file's debug link followed), or {@code null}
     * @param why  why there is none, or {@code null}
     */
    public record DebugFile(Path file, String why) {
    }

    /**
     * The file of {@code module} ({@code null} for the kernel) of a report of {@code release}, found as
     * entries are looked up (given files, the release's places, build ids: a dump's kernel build id too,
     * {@link #kernelBuildId}), for tools that read the file themselves, such as a disassembler.
     */
    public DebugFile debugFile(String module, String buildId, String release) {
        Opened o = file(module, buildId, release);
        Path path = o.symbolizer() == null ? null : paths.get(o.symbolizer());
        return path != null ? new DebugFile(path, null)
                : new DebugFile(null, o.why() != null ? o.why() : "no debug file found");
    }

    /**
     * The file of {@code module} ({@code null} for the kernel) of a report of {@code release}, opened on
     * first use and kept: symbolising and naming accesses ({@link AccessNamers}) share it.
     */
    Opened file(String module, String buildId, String release) {
        String name = module == null ? "" : module;
        String key = name + '\0' + (buildId == null ? "" : buildId) + '\0' + (release == null ? "" : release);
        Symbolizer symbolizer = opened.get(key);
        if (symbolizer == null && !unavailable.containsKey(key)) {
            open(key, name.isEmpty(), name.isEmpty() ? files.vmlinux(release) : files.module(name, buildId, release));
            symbolizer = opened.get(key);
        }
        return new Opened(symbolizer, symbolizer == null ? unavailable.get(key) : null);
    }

    /**
     * Starts, in the background, listing the given module directory and opening the given vmlinux
     * (its symbol table and address map, the slow part of the first lookup), so that both overlap
     * with reading the log; the first lookups take them over.
     */
    public void prefetch() {
        if (prefetchStarted) {
            return;
        }
        prefetchStarted = true;
        Path vmlinux = files.givenVmlinux();
        ModuleFiles modules = files.givenModules();
        if (vmlinux == null && modules == null) {
            return;
        }
        var future = vmlinux == null ? null : new java.util.concurrent.CompletableFuture<Symbolizer>();
        prefetching = vmlinux;
        prefetched = future;
        Thread t = new Thread(() -> {
            if (modules != null) {
                try {
                    modules.index();
                } catch (IOException e) {
                    // the lookup of a module lists the directory again and reports the error
                }
            }
            if (future != null) {
                try {
                    future.complete(Symbolizer.openPrepared(vmlinux, indexCache));
                } catch (Throwable e) {
                    future.completeExceptionally(e);
                }
            }
        }, "koops-prefetch");
        t.setDaemon(true);
        t.start();
    }

    /** A vmlinux's index is worth keeping; a module's, a hundred times smaller, is not. */
    private Symbolizer openFile(Path file, boolean kernelImage) throws IOException {
        if (prefetched != null && file.equals(prefetching)) {
            var future = prefetched;
            prefetched = null;
            try {
                return future.join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw e;
            }
        }
        return kernelImage && indexCache != null ? Symbolizer.openPrepared(file, indexCache) : Symbolizer.open(file);
    }

    private void open(String module, boolean kernelImage, DebugFiles.Candidates found) {
        List<Path> candidates = found.files();
        if (candidates.isEmpty()) {
            unavailable.put(module, found.why);
            return;
        }
        String firstError = null;
        Symbolizer withoutDwarf = null;
        for (Path file : candidates) {
            try {
                Symbolizer s = byFile.get(file);
                if (s != null) {
                    opened.put(module, s);
                    return;
                }
                s = openFile(file, kernelImage);
                paths.put(s, file);
                if (s.hasDebugInfo()) {
                    closeQuietly(withoutDwarf);
                    opened.put(module, s);
                    byFile.put(file, s);
                    return;
                }
                Symbolizer linked = followDebugLink(file, s);
                if (linked != null) {
                    closeQuietly(withoutDwarf);
                    s.close();
                    opened.put(module, linked);
                    byFile.put(file, linked);
                    return;
                }
                if (withoutDwarf == null) {
                    withoutDwarf = s;
                } else {
                    s.close();
                }
            } catch (IOException e) {
                firstError = firstError == null ? e.getMessage() : firstError;
            }
        }
        if (withoutDwarf != null) {
            opened.put(module, withoutDwarf);
        } else {
            unavailable.put(module, firstError);
        }
    }

    /** The separate debug file a stripped file's .gnu_debuglink names, with DWARF and the CRC it gives; or {@code null}. */
    private Symbolizer followDebugLink(Path file, Symbolizer stripped) {
        DebugLink link;
        try {
            link = stripped.debugLink().orElse(null);
        } catch (DebugInfoException e) {
            return null;
        }
        if (link == null) {
            return null;
        }
        for (Path candidate : files.debugLinkCandidates(file, link.file())) {
            try {
                if (!candidate.equals(file) && Files.isRegularFile(candidate) && crc32(candidate) == link.crc32()) {
                    Symbolizer s = Symbolizer.open(candidate);
                    paths.put(s, candidate);
                    if (s.hasDebugInfo()) {
                        return s;
                    }
                    s.close();
                }
            } catch (IOException e) {
                // the next place may hold a good copy
            }
        }
        return null;
    }

    private static long crc32(Path file) throws IOException {
        CRC32 crc = new CRC32();
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                crc.update(buffer, 0, n);
            }
        }
        return crc.getValue();
    }

    private static void closeQuietly(Symbolizer s) {
        try {
            if (s != null) {
                s.close();
            }
        } catch (IOException e) {
            // only a read-only mapping and maybe a temporary file to let go of
        }
    }

    @Override
    public void close() {
        if (prefetched != null) {
            prefetched.thenAccept(KernelDebugInfo::closeQuietly);
            prefetched = null;
        }
        java.util.Set<Symbolizer> all = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        all.addAll(opened.values());
        all.forEach(KernelDebugInfo::closeQuietly);
        opened.clear();
        byFile.clear();
        paths.clear();
    }
}
