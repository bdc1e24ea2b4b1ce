package org.koops.server;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
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

    /** Reads a whole body of unknown length: {@link #read(InputStream, long)} with no length announced. */
    Body read(InputStream in) throws IOException {
        return read(in, -1);
    }

    /**
     * Reads a whole body, failing with 413 as soon as it passes the size limit rather than at the end.
     *
     * @param announced the length the request announced (its Content-Length), or -1: the body is read
     *                  into an array of that length, its share of the budget taken first, rather than
     *                  through buffers copied as it grows. The announced length is only a first size: a
     *                  body that turns out longer is still read and held to the limit, a shorter one kept
     *                  as it is.
     */
    Body read(InputStream in, long announced) throws IOException {
        int held = 0;
        try {
            byte[] bytes = new byte[(int) Math.min(Math.max(announced, 0), maxLogBytes)];
            held = reserve(held, bytes.length);
            int size = 0;
            while (true) {
                if (size == bytes.length) {
                    int next = in.read();
                    if (next < 0) {
                        break;
                    }
                    if (size >= maxLogBytes) {
                        throw new TooLarge(maxLogBytes);
                    }
                    bytes = Arrays.copyOf(bytes, (int) Math.min(maxLogBytes, Math.max(CHUNK, 2L * size)));
                    held = reserve(held, size + 1);
                    bytes[size++] = (byte) next;
                }
                int n = in.read(bytes, size, bytes.length - size);
                if (n < 0) {
                    break;
                }
                size += n;
                held = reserve(held, size);
            }
            Body body = new Body(size == bytes.length ? bytes : Arrays.copyOf(bytes, size), held);
            held = 0;
            return body;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while receiving the log", e);
        } finally {
            chunks.release(held);
        }
    }

    /**
     * The chunks of the budget held once {@code bytes} are: those already {@code held} and as many more as
     * they need, waited for; 503 when no room comes in time.
     */
    private int reserve(int held, long bytes) throws InterruptedException {
        int needed = (int) ((bytes + CHUNK - 1) / CHUNK) - held;
        if (needed <= 0) {
            return held;
        }
        if (!chunks.tryAcquire(needed, wait.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new HttpResponseException(HttpStatus.SERVICE_UNAVAILABLE.getCode(),
                    "The server is receiving too many logs at once: send this one again later.");
        }
        return held + needed;
    }
}
