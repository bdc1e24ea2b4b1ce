package org.koops.server;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether a log is stored before its analysis ends. A log whose analysis ends within
 * {@link AnalysisLimits#storeFirstAfter} is stored with its crashes, in one commit: its request waits for
 * one commit, and the writer writes its row once. One whose analysis runs longer is stored on its own at
 * that moment, so that it is kept while the analysis goes on (the recovery finds it if the server dies, and
 * a client that hangs up leaves it pending), and its crashes are filed after. Whichever comes first decides: the end of the analysis
 * ({@link #together}) or the timer.
 */
final class EarlyStore {
    /** One timer for the whole server: its tasks only queue a write. */
    private static final ScheduledThreadPoolExecutor TIMER = timer();
    /** Set by {@link #together}: the log is stored with its crashes. */
    private static final Object TOGETHER = new Object();

    /** What the timer does: queue the log's store, without waiting for it. */
    @FunctionalInterface
    interface Queue {
        CompletableFuture<LogStore.Stored> store() throws SQLException;
    }

    /** Null, {@link #TOGETHER}, or the store queued by the timer. */
    private final AtomicReference<Object> decided = new AtomicReference<>();
    private final ScheduledFuture<?> timer;

    /** Starts the timer: {@code queue} runs {@code after} unless {@link #together} was called first. */
    EarlyStore(Queue queue, Duration after) {
        this.timer = TIMER.schedule(() -> storeFirst(queue), after.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void storeFirst(Queue queue) {
        CompletableFuture<LogStore.Stored> stored = new CompletableFuture<>();
        if (!decided.compareAndSet(null, stored)) {
            return;
        }
        try {
            queue.store().whenComplete((value, error) -> {
                if (error == null) {
                    stored.complete(value);
                } else {
                    stored.completeExceptionally(error);
                }
            });
        } catch (SQLException | RuntimeException e) {
            stored.completeExceptionally(e);
        }
    }

    /** Called once the analysis ended: true when the log is to be stored with its crashes, the timer stopped. */
    boolean together() {
        boolean first = decided.compareAndSet(null, TOGETHER);
        if (first) {
            timer.cancel(false);
        }
        return first;
    }

    /** The store the timer queued; call only when {@link #together} said false. */
    @SuppressWarnings("unchecked")
    CompletableFuture<LogStore.Stored> queued() {
        return (CompletableFuture<LogStore.Stored>) decided.get();
    }

    /** Whether the log is committed: until then its request cannot be abandoned, the log being nowhere else. */
    boolean committed() {
        return decided.get() instanceof CompletableFuture<?> f && f.isDone() && !f.isCompletedExceptionally();
    }

    /** Whether the store found the log stored before: its analysis is then of no use. */
    boolean storedBefore() {
        return committed() && !queued().join().created();
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "koops-early-store");
            thread.setDaemon(true);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true); // a cancelled timer would hold its log's bytes until it is due
        return t;
    }
}
