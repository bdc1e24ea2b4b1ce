package org.koops.server;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How {@code koops serve} runs.
 *
 * @param bindAddress  the address to listen on ({@code 127.0.0.1}, or {@code 0.0.0.0} for every interface)
 * @param port         the port; 0 picks a free one
 * @param dbUrl        a {@code jdbc:h2:} or {@code jdbc:postgresql:} URL
 * @param publicRead   whether anyone may read bugs, crashes and logs; otherwise reading needs a login
 * @param maxLogBytes  the largest log accepted, as sent (compressed or not)
 * @param limits       what one log's analysis may take
 * @param mergeSimilar whether crashes without a known title join a bug with the same top frames
 * @param debugInfo    where the kernels' debug info is, for the source lines of crash pages
 * @param webhooks     the events told to other systems
 * @param retention    how long logs' bytes are kept
 * @param maintainers  a {@code MAINTAINERS} file naming each source file's subsystem, or {@code null}
 */
record ServerConfig(String bindAddress, int port, String dbUrl, String dbUser, String dbPassword, boolean publicRead,
                    long maxLogBytes, AnalysisLimits limits, boolean mergeSimilar, DebugInfo debugInfo,
                    Webhooks webhooks, Retention retention, Path maintainers) {
    static final long DEFAULT_MAX_LOG_BYTES = 64L << 20;

    /**
     * Debug directories ({@code DIR/boot/vmlinux-RELEASE}, {@code DIR/lib/modules/RELEASE}, build ids), a
     * root under which the standard places are searched, and debuginfod servers asked for the build ids
     * found nowhere else (their files cached in {@code debuginfodCache}); all empty: crash pages are not
     * symbolised.
     */
    record DebugInfo(List<Path> dirs, Path sysroot, List<URI> debuginfod, Path debuginfodCache) {
        static final DebugInfo NONE = new DebugInfo(List.of(), null, List.of(), null);

        boolean given() {
            return !dirs.isEmpty() || sysroot != null || !debuginfod.isEmpty();
        }
    }

    /**
     * How long the bytes of analysed logs are kept: older than {@code maxAge}, or beyond {@code maxBytes} in
     * all (the oldest first), they are deleted; the logs' rows, their crashes and bugs stay. {@code null}
     * and 0 keep them all.
     */
    record Retention(Duration maxAge, long maxBytes) {
        static final Retention KEEP = new Retention(null, 0);

        boolean keepsAll() {
            return maxAge == null && maxBytes <= 0;
        }
    }

    /** The defaults of {@code koops serve} on the loopback address and a free port, for tests and benchmarks. */
    static ServerConfig local(String dbUrl) {
        return new ServerConfig("127.0.0.1", 0, dbUrl, null, null, true, DEFAULT_MAX_LOG_BYTES,
                AnalysisLimits.DEFAULT, false, DebugInfo.NONE, Webhooks.NONE, Retention.KEEP, null);
    }

    ServerConfig withPublicRead(boolean value) {
        return new ServerConfig(bindAddress, port, dbUrl, dbUser, dbPassword, value, maxLogBytes, limits,
                mergeSimilar, debugInfo, webhooks, retention, maintainers);
    }

    ServerConfig withMaxLogBytes(long value) {
        return new ServerConfig(bindAddress, port, dbUrl, dbUser, dbPassword, publicRead, value, limits,
                mergeSimilar, debugInfo, webhooks, retention, maintainers);
    }

    ServerConfig withLimits(AnalysisLimits value) {
        return new ServerConfig(bindAddress, port, dbUrl, dbUser, dbPassword, publicRead, maxLogBytes, value,
                mergeSimilar, debugInfo, webhooks, retention, maintainers);
    }

    ServerConfig withMergeSimilar(boolean value) {
        return new ServerConfig(bindAddress, port, dbUrl, dbUser, dbPassword, publicRead, maxLogBytes, limits,
                value, debugInfo, webhooks, retention, maintainers);
    }

    ServerConfig withDebugInfo(DebugInfo value) {
        return new ServerConfig(bindAddress, port, dbUrl, dbUser, dbPassword, publicRead, maxLogBytes, limits,
                mergeSimilar, value, webhooks, retention, maintainers);
    }

    ServerConfig withWebhooks(Webhooks value) {
        return new ServerConfig(bindAddress, port, dbUrl, dbUser, dbPassword, publicRead, maxLogBytes, limits,
                mergeSimilar, debugInfo, value, retention, maintainers);
    }

    ServerConfig withRetention(Retention value) {
        return new ServerConfig(bindAddress, port, dbUrl, dbUser, dbPassword, publicRead, maxLogBytes, limits,
                mergeSimilar, debugInfo, webhooks, value, maintainers);
    }

    ServerConfig withMaintainers(Path value) {
        return new ServerConfig(bindAddress, port, dbUrl, dbUser, dbPassword, publicRead, maxLogBytes, limits,
                mergeSimilar, debugInfo, webhooks, retention, value);
    }
}
