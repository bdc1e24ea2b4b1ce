package org.koops.debuginfo;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@link AccessNamer}s of one kernel's debug files: its vmlinux and modules as a {@link KernelDebugInfo}
 * finds them by the report's release and build ids. They read the files that the kernel's symbolising
 * opened (each file is opened once, and closed with the {@link KernelDebugInfo}).
 */
public final class AccessNamers {
    private final KernelDebugInfo kernel;
    private final Map<String, Found> found = new HashMap<>();

    /**
     * A namer, or why there is none.
     *
     * @param namer the namer of the module's debug file, or {@code null}
     * @param why   why there is none, or {@code null}
     */
    public record Found(AccessNamer namer, String why) {
    }

    private AccessNamers(KernelDebugInfo kernel) {
        this.kernel = kernel;
    }

    public static AccessNamers of(KernelDebugInfo kernel) {
        return new AccessNamers(kernel);
    }

    /** The namer of {@code module} ({@code null} for the kernel itself) of a report of {@code release}. */
    public Found find(String module, String buildId, String release) {
        String key = (module == null ? "" : module) + '\0' + (buildId == null ? "" : buildId) + '\0'
                + (release == null ? "" : release);
        return found.computeIfAbsent(key, k -> namer(kernel.file(module, buildId, release)));
    }

    private static Found namer(KernelDebugInfo.Opened opened) {
        if (opened.symbolizer() == null) {
            return new Found(null, opened.why() == null ? "no debug file found" : opened.why());
        }
        AccessNamer namer = AccessNamer.sharing(opened.symbolizer());
        try {
            return namer.hasDebugInfo() ? new Found(namer, null)
                    : new Found(null, opened.symbolizer().name() + " has no DWARF debug info");
        } catch (DebugInfoException e) {
            return new Found(null, e.getMessage());
        }
    }
}
