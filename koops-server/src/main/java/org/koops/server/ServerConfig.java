package org.koops.server;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.koops.debuginfo.DebugFiles;
import org.koops.debuginfo.Debuginfod;

/**
 * How {@code koops serve} runs.
 *
 * @param bindAddress  the address to listen on ({@code 127.0.0.1}, or {@code 0.0.0.0} for every interface)
 * @param port         the port; 0 picks a free one
 * @param dbUrl        a {@code jdbc:h2:} or {@code jdbc:postgresql:} URL
 * @param dbUser       the database's user, or {@code null}
 * @param dbPassword   the database user's password, or {@code null}
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
    private static final String DEBUGINFOD_URLS = "DEBUGINFOD_URLS";

    /**
     * Where the kernels' debug info is ({@link DebugSearchOptions}): debug directories ({@code DIR/boot/vmlinux-RELEASE},
     * {@code DIR/lib/modules/RELEASE}, build ids; none: {@code SYSROOT/usr/lib/debug}), a root under which the
     * standard places are searched ({@code null}: {@code /}), and the debuginfod servers asked for the build ids
     * found nowhere else (none: those of {@code DEBUGINFOD_URLS}, unless {@code noDebuginfod}), their files cached
     * in {@code debuginfodCache} ({@code null}: where elfutils keeps them). With no directory, root or server
     * given, crash pages are not symbolised.
     */
    record DebugInfo(List<Path> dirs, Path sysroot, List<URI> debuginfod, boolean noDebuginfod, Path debuginfodCache) {
        static final DebugInfo NONE = new DebugInfo(List.of(), null, List.of(), false, null);

        boolean given() {
            return !dirs.isEmpty() || sysroot != null || !debuginfod.isEmpty();
        }

        /**
         * The debug files to look in, {@code vmlinux} and {@code modules} (each may be null) first; {@code env}
         * holds the variables elfutils' debuginfod client reads, which the given servers and cache replace.
         */
        DebugFiles files(Path vmlinux, Path modules, Map<String, String> env) {
            Path root = sysroot == null ? Path.of("/") : sysroot;
            List<Path> searched = dirs.isEmpty() ? List.of(root.resolve("usr/lib/debug")) : dirs;
            Map<String, String> client = new HashMap<>(env);
            if (noDebuginfod) {
                client.remove(DEBUGINFOD_URLS);
            } else if (!debuginfod.isEmpty()) {
                client.put(DEBUGINFOD_URLS, debuginfod.stream().map(URI::toString).collect(Collectors.joining(" ")));
            }
            if (debuginfodCache != null) {
                client.put("DEBUGINFOD_CACHE_PATH", debuginfodCache.toString());
            }
            return DebugFiles.of(vmlinux, modules, searched, root, Debuginfod.fromEnvironment(client));
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

    /**
     * A configuration to build on {@code dbUrl}, every other component at the default of {@code koops serve}
     * but the port: the loopback address and a free port, as tests and benchmarks want it.
     */
    static Builder builder(String dbUrl) {
        return new Builder(dbUrl);
    }

    /** The components of a configuration set one at a time; those not set keep their defaults. */
    static final class Builder {
        private final String dbUrl;
        private String bindAddress = "127.0.0.1";
        private int port;
        private String dbUser;
        private String dbPassword;
        private boolean publicRead = true;
        private long maxLogBytes = DEFAULT_MAX_LOG_BYTES;
        private AnalysisLimits limits = AnalysisLimits.DEFAULT;
        private boolean mergeSimilar;
        private DebugInfo debugInfo = DebugInfo.NONE;
        private Webhooks webhooks = Webhooks.NONE;
        private Retention retention = Retention.KEEP;
        private Path maintainers;

        private Builder(String dbUrl) {
            this.dbUrl = dbUrl;
        }

        Builder listen(String bindAddress, int port) {
            this.bindAddress = bindAddress;
            this.port = port;
            return this;
        }

        /** The database's user and password; either may be null. */
        Builder dbLogin(String user, String password) {
            this.dbUser = user;
            this.dbPassword = password;
            return this;
        }

        Builder publicRead(boolean value) {
            this.publicRead = value;
            return this;
        }

        Builder maxLogBytes(long value) {
            this.maxLogBytes = value;
            return this;
        }

        Builder limits(AnalysisLimits value) {
            this.limits = value;
            return this;
        }

        Builder mergeSimilar(boolean value) {
            this.mergeSimilar = value;
            return this;
        }

        Builder debugInfo(DebugInfo value) {
            this.debugInfo = value;
            return this;
        }

        Builder webhooks(Webhooks value) {
            this.webhooks = value;
            return this;
        }

        Builder retention(Retention value) {
            this.retention = value;
            return this;
        }

        Builder maintainers(Path value) {
            this.maintainers = value;
            return this;
        }

        ServerConfig build() {
            return new ServerConfig(bindAddress, port, dbUrl, dbUser, dbPassword, publicRead, maxLogBytes, limits,
                    mergeSimilar, debugInfo, webhooks, retention, maintainers);
        }
    }
}
