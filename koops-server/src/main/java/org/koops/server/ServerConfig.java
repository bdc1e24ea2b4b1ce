package org.koops.server;

import java.nio.file.Path;
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
 */
record ServerConfig(String bindAddress, int port, String dbUrl, String dbUser, String dbPassword, boolean publicRead,
                    long maxLogBytes, AnalysisLimits limits, boolean mergeSimilar, DebugInfo debugInfo) {
    static final long DEFAULT_MAX_LOG_BYTES = 64L << 20;

    /**
     * Debug directories ({@code DIR/boot/vmlinux-RELEASE}, {@code DIR/lib/modules/RELEASE}, build ids)
     * and a root under which the standard places are searched; both empty: crash pages are not symbolised.
     */
    record DebugInfo(List<Path> dirs, Path sysroot) {
        static final DebugInfo NONE = new DebugInfo(List.of(), null);

        boolean given() {
            return !dirs.isEmpty() || sysroot != null;
        }
    }

    /** The defaults of {@code koops serve} on the loopback address and a free port, for tests and benchmarks. */
    static ServerConfig local(String dbUrl) {
        return new ServerConfig("127.0.0.1", 0, dbUrl, null, null, true, DEFAULT_MAX_LOG_BYTES,
                AnalysisLimits.DEFAULT, false, DebugInfo.NONE);
    }

    ServerConfig withPublicRead(boolean value) {
        return new ServerConfig(bindAddress, port, dbUrl, dbUser, dbPassword, value, maxLogBytes, limits,
                mergeSimilar, debugInfo);
    }

    ServerConfig withMaxLogBytes(long value) {
        return new ServerConfig(bindAddress, port, dbUrl, dbUser, dbPassword, publicRead, value, limits,
                mergeSimilar, debugInfo);
    }

    ServerConfig withLimits(AnalysisLimits value) {
        return new ServerConfig(bindAddress, port, dbUrl, dbUser, dbPassword, publicRead, maxLogBytes, value,
                mergeSimilar, debugInfo);
    }

    ServerConfig withMergeSimilar(boolean value) {
        return new ServerConfig(bindAddress, port, dbUrl, dbUser, dbPassword, publicRead, maxLogBytes, limits,
                value, debugInfo);
    }

    ServerConfig withDebugInfo(DebugInfo value) {
        return new ServerConfig(bindAddress, port, dbUrl, dbUser, dbPassword, publicRead, maxLogBytes, limits,
                mergeSimilar, value);
    }
}
