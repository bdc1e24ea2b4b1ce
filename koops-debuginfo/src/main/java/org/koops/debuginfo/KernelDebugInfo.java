package org.koops.debuginfo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    private final Path vmlinux;
    private final ModuleFiles modules;
    private final Map<String, Symbolizer> opened = new HashMap<>();
    private final Map<String, String> unavailable = new HashMap<>();

    private KernelDebugInfo(Path vmlinux, ModuleFiles modules) {
        this.vmlinux = vmlinux;
        this.modules = modules;
    }

    /**
     * @param vmlinux    the kernel image with debug info, or {@code null}
     * @param modulesDir a directory searched for module files ({@code .ko}, {@code .ko.xz}, {@code .ko.debug}
     *                   ...) at any depth, or {@code null}
     */
    public static KernelDebugInfo of(Path vmlinux, Path modulesDir) {
        return new KernelDebugInfo(vmlinux, modulesDir == null ? null : new ModuleFiles(modulesDir));
    }

    /**
     * Looks up one entry. A return address (every call-trace entry but the one of the faulting
     * instruction) is looked up at the call instruction, one byte before; see {@link Resolution}.
     */
    public FrameLocation locate(Frame frame, boolean returnAddress) {
        if (frame.function() == null || frame.offset() == null) {
            return new FrameLocation(frame, null, "no function+offset to look up");
        }
        String key = frame.module() == null ? "" : frame.module();
        Symbolizer symbolizer = opened.get(key);
        if (symbolizer == null && !unavailable.containsKey(key)) {
            open(key);
            symbolizer = opened.get(key);
        }
        if (symbolizer == null) {
            return new FrameLocation(frame, null, unavailable.get(key));
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

    private void open(String module) {
        List<Path> candidates = new ArrayList<>();
        if (module.isEmpty()) {
            if (vmlinux == null) {
                unavailable.put(module, "no vmlinux given for the kernel's own functions");
                return;
            }
            candidates.add(vmlinux);
        } else if (modules == null) {
            unavailable.put(module, "no module directory given for module " + module);
            return;
        } else {
            try {
                candidates.addAll(modules.candidates(module));
            } catch (IOException e) {
                unavailable.put(module, "cannot search for module " + module + ": " + e.getMessage());
                return;
            }
            if (candidates.isEmpty()) {
                unavailable.put(module, "no file for module " + module + " in the module directory");
                return;
            }
        }
        String firstError = null;
        Symbolizer withoutDwarf = null;
        for (Path file : candidates) {
            try {
                Symbolizer s = Symbolizer.open(file);
                if (s.hasDebugInfo()) {
                    closeQuietly(withoutDwarf);
                    opened.put(module, s);
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
        opened.values().forEach(KernelDebugInfo::closeQuietly);
        opened.clear();
    }
}
