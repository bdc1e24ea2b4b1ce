package org.koops.server;

/**
 * How {@code koops serve} runs.
 *
 * @param bindAddress  the address to listen on ({@code 127.0.0.1}, or {@code 0.0.0.0} for every interface)
 * @param port         the port; 0 picks a free one
 * @param dbUrl        a {@code jdbc:h2:} or {@code jdbc:postgresql:} URL
 * @param publicRead   whether anyone may read bugs, crashes and logs; otherwise reading needs a login
 * @param maxLogBytes  the largest log accepted, as sent (compressed or not)
 * @param maxExpandedBytes the largest log analysed, decompressed: a larger one is kept but marked failed
 * @param mergeSimilar whether crashes without a known title join a bug with the same top frames
 * @param debugInfo    where the kernels' debug info is, for the source lines of crash pages
 */
record ServerConfig(String bindAddress, int port, String dbUrl, String dbUser, String dbPassword, boolean publicRead,
                    long maxLogBytes, long maxExpandedBytes, boolean mergeSimilar,
                    DebugInfo debugInfo) {
    static final long DEFAULT_MAX_LOG_BYTES = 64L << 20;
    static final long DEFAULT_MAX_EXPANDED_BYTES = 1024L << 20;

    /**
     * Debug directories ({@code DIR/boot/vmlinux-RELEASE}, {@code DIR/lib/modules/RELEASE}, build ids)
     * and a root under which the standard places are searched; both empty: crash pages are not symbolised.
     */
    record DebugInfo(java.util.List<java.nio.file.Path> dirs, java.nio.file.Path sysroot) {
        static final DebugInfo NONE = new DebugInfo(java.util.List.of(), null);

        boolean given() {
            return !dirs.isEmpty() || sysroot != null;
        }
    }
}
