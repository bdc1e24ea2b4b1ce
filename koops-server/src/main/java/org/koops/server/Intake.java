package org.koops.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.javalin.http.HttpStatus;
import io.javalin.http.HttpResponseException;

/**
 * Receives logs within a memory budget: each log is held in memory from its first byte until it is
 * stored and analysed, so the bytes of all the logs being received at once are counted, and a request
 * that would pass the budget waits for room, then is refused with 503, rather than running the server
 * out of memory when many large logs arrive together.
 */
final class Intake {
    private static final int CHUNK = 64 * 1024;
    private final Semaphore chunks;
    private final long maxLogBytes;
    private final Duration wait;

    /**
     * @param budgetBytes the bytes of logs held at once, at least one log of {@code maxLogBytes}
     * @param wait        how long a request waits for room before it is refused
     */
    Intake(long budgetBytes, long maxLogBytes, Duration wait) {
        this.maxLogBytes = maxLogBytes;
        this.wait = wait;
        this.chunks = new Semaphore((int) Math.min(Integer.MAX_VALUE, Math.max(budgetBytes, maxLogBytes + CHUNK)
                / CHUNK));
    }

    /** A fourth of the heap (the rest is for the analysis, the pages and the database's cache); 30 s of wait. */
    static Intake forServer(long maxLogBytes) {
        return new Intake(Runtime.getRuntime().maxMemory() / 4, maxLogBytes, Duration.ofSeconds(30));
    }

    /** A log being handled: its bytes, and their share of the budget until closed. */
    final class Body implements AutoCloseable {
        private final byte[] bytes;
        private int held;

        private Body(byte[] bytes, int held) {
            this.bytes = bytes;
            this.held = held;
        }

        byte[] bytes() {
            return bytes;
        }

        @Override
        public void close() {
            chunks.release(held);
            held = 0;
        }
    }

    /** Reads a whole body, failing with 413 as soon as it passes the size limit rather than at the end. */
    Body read(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[CHUNK];
        int held = 0;
        try {
            long total = 0;
            for (int n; (n = in.readNBytes(buffer, 0, CHUNK)) > 0; ) {
                total += n;
                if (total > maxLogBytes) {
                    throw new TooLarge(maxLogBytes);
                }
                if (!chunks.tryAcquire(1, wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new HttpResponseException(HttpStatus.SERVICE_UNAVAILABLE.getCode(),
                            "The server is receiving too many logs at once: send this one again later.");
                }
                held++;
                out.write(buffer, 0, n);
            }
            Body body = new Body(out.toByteArray(), held);
            held = 0;
            return body;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while receiving the log", e);
        } finally {
            chunks.release(held);
        }
    }
}
