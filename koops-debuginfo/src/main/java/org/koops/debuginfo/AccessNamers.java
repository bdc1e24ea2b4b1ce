package org.koops.debuginfo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@link AccessNamer}s of one kernel's debug files: its vmlinux and modules as {@link DebugFiles}
 * finds them by the report's release and build ids, each opened on first use and kept open.
 */
public final class AccessNamers implements AutoCloseable {
    private final DebugFiles files;
    private final Map<String, Found> found = new HashMap<>();

    /**
     * A namer, or why there is none.
     *
     * @param namer the namer of the first candidate file with DWARF, or {@code null}
     * @param why   why there is none, or {@code null}
     */
    public record Found(AccessNamer namer, String why) {
    }

    private AccessNamers(DebugFiles files) {
        this.files = files;
    }

    public static AccessNamers of(DebugFiles files) {
        return new AccessNamers(files);
    }

    /** The namer of {@code module} ({@code null} for the kernel itself) of a report of {@code release}. */
    public Found find(String module, String buildId, String release) {
        String key = (module == null ? "" : module) + '\0' + (buildId == null ? "" : buildId) + '\0'
                + (release == null ? "" : release);
        return found.computeIfAbsent(key, k -> open(module == null ? files.vmlinux(release)
                : files.module(module, buildId, release)));
    }

    private static Found open(DebugFiles.Candidates candidates) {
        String why = candidates.why;
        for (Path file : candidates.files()) {
            try {
                AccessNamer namer = AccessNamer.open(file);
                if (namer.hasDebugInfo()) {
                    return new Found(namer, null);
                }
                namer.close();
                why = file + " has no DWARF debug info";
            } catch (IOException e) {
                why = why == null ? e.getMessage() : why;
            }
        }
        return new Found(null, why == null ? "no debug file found" : why);
    }

    @Override
    public void close() {
        for (Found f : found.values()) {
            if (f.namer() != null) {
                try {
                    f.namer().close();
                } catch (IOException e) {
                    // a read-only mapping to let go of
                }
            }
        }
        found.clear();
    }
}
