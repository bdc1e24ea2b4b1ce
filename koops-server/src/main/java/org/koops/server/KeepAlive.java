package org.koops.server;

import java.io.IOException;
import java.io.OutputStream;

import jakarta.servlet.http.HttpServletResponse;

/**
 * A submission's answer while its log is analysed, so that the server notices a client that hung up: a
 * server hears of a closed connection only when it writes to it. Once the analysis has taken
 * {@link AnalysisLimits#keepAliveAfter}, the status ({@code 201}: the log is stored) and headers are sent,
 * then a space every {@link AnalysisLimits#keepAliveEvery} (JSON allows white space before a value); the
 * receipt follows them. A space that cannot be written means the client is gone.
 *
 * <p>Called only on the analysing thread, which also writes the receipt afterwards.
 */
final class KeepAlive implements Analysis.Client {
    private final HttpServletResponse response;
    private final long after;
    private final long every;
    private final long start = System.nanoTime();
    private long last;
    private boolean started;
    private boolean gone;

    KeepAlive(HttpServletResponse response, AnalysisLimits limits) {
        this.response = response;
        this.after = limits.keepAliveAfter().toNanos();
        this.every = limits.keepAliveEvery().toNanos();
    }

    @Override
    public boolean gone() {
        long now = System.nanoTime();
        if (gone || now - start < after || started && now - last < every) {
            return gone;
        }
        try {
            if (!started) {
                response.setStatus(HttpServletResponse.SC_CREATED);
                response.setContentType("application/json");
                started = true;
            }
            OutputStream out = response.getOutputStream();
            out.write(' ');
            out.flush();
            last = now;
        } catch (IOException e) {
            gone = true;
        }
        return gone;
    }

    /** Whether the status and headers are sent: the receipt must then be written after the spaces. */
    boolean started() {
        return started;
    }
}
