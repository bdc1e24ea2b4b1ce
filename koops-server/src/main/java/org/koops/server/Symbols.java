package org.koops.server;

import org.koops.debuginfo.AccessNamers;
import org.koops.debuginfo.KernelDebugInfo;
import org.koops.debuginfo.ReportSources;
import org.koops.disasm.ReportAccess;
import org.koops.model.CrashReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source lines of crash pages, and what the faulting instruction accessed: each report looked up
 * in the debug info of its kernel release, found under the directories {@code koops serve} was given
 * or, by build id, on its debuginfod servers (each file fetched once, then kept in the cache).
 * Without any, reports stay as they are.
 */
final class Symbols implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Symbols.class);

    private final KernelDebugInfo kernels;
    private final ReportSources sources;
    private final AccessNamers namers;

    private Symbols(KernelDebugInfo kernels) {
        this.kernels = kernels;
        this.sources = kernels == null ? null : new ReportSources(kernels);
        this.namers = kernels == null ? null : AccessNamers.of(kernels);
    }

    static Symbols of(ServerConfig.DebugInfo debugInfo) {
        if (!debugInfo.given()) {
            return new Symbols(null);
        }
        return new Symbols(KernelDebugInfo.of(debugInfo.files(null, null, System.getenv())));
    }

    /** Whether there is debug info to look reports up in. */
    boolean available() {
        return sources != null;
    }

    /**
     * The report with the source line of each entry that the debug info knows, and the access named
     * from it as evidence. One at a time: the debug files are opened on first use and kept. A damaged
     * debug file leaves the report as it is.
     */
    synchronized CrashReport annotate(CrashReport r) {
        if (sources == null) {
            return r;
        }
        try {
            return ReportAccess.annotate(sources.annotate(r), namers);
        } catch (RuntimeException e) {
            LOG.warn("could not look up the entries of a report in the debug info: {}", e.toString());
            return r;
        }
    }

    @Override
    public synchronized void close() {
        if (kernels != null) {
            kernels.close();
        }
    }
}
