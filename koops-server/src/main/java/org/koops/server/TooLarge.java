package org.koops.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/** A request body over the size limit: answered with 413 and the limit. */
final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge(long limit) {
        super(String.format(Locale.ROOT, "The log is larger than the limit of %s (koops serve --max-log-size).",
                megabytes(limit)));
    }

    /** Reads a whole body, failing as soon as it passes {@code limit} bytes rather than at the end. */
    static byte[] read(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            total += n;
            if (total > limit) {
                throw new TooLarge(limit);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }
}
