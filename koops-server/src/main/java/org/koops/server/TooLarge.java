package org.koops.server;

import java.util.Locale;

/** A request body over the size limit: answered with 413 and the limit. */
final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge(long limit) {
        super(String.format(Locale.ROOT, "The log is larger than the limit of %s (koops serve --max-log-size).",
                megabytes(limit)));
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }
}
