package org.koops.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Runs the writes of all requests on one thread, as many as are waiting in one transaction (group
 * commit). A durable commit costs a disk write; one per batch instead of one per request is what lets
 * the server acknowledge only durable data and still take a thousand reports a second. The bug counters
 * of a batch are added up and written once per row ({@link BugCounts}).
 *
 * <p>A write must only touch the database, because a batch that fails is rolled back and each of its
 * writes is run again alone, so that one bad write fails only its own request. Races between server
 * instances sharing a PostgreSQL database (two inserting the same title) surface as a unique violation
 * or a deadlock; the write is then retried, and finds the other instance's row.
 */
final class WriteQueue implements AutoCloseable {
    /**
     * One unit of work, run inside a transaction the queue commits; the crashes it files are counted in
     * {@code counts}, which the queue writes once for the whole transaction, just before the commit.
     */
    @FunctionalInterface
    interface Write<T> {
        T run(Connection c, BugCounts counts) throws SQLException;
    }

    private static final int MAX_BATCH = 200;
    private static final int ATTEMPTS = 5;
    /** Unique violation, serialization failure, deadlock: another writer got there first. */
    private static final Set<String> RETRY_STATES = Set.of("23505", "40001", "40P01");
    /** Queued by {@link #close}: the writes before it are the last. */
    private static final Pending<Object> END = new Pending<>((c, counts) -> null, new CompletableFuture<>());

    private final Database db;
    private final Webhooks webhooks;
    private final java.time.Clock clock;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    /** Guarded by {@code this}, so that nothing is queued after the end marker {@link #close} adds. */
    private boolean closed;

    /** @param webhooks where the events of the writes' transactions go ({@link BugCounts}) */
    WriteQueue(Database db, Webhooks webhooks, java.time.Clock clock) {
        this.db = db;
        this.webhooks = webhooks;
        this.clock = clock;
        this.writer = new Thread(this::loop, "koops-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Runs {@code write} and returns once its transaction is committed. */
    <T> T write(Write<T> write) throws SQLException {
        Pending<T> pending = new Pending<>(write, new CompletableFuture<>());
        synchronized (this) {
            if (closed) {
                throw new SQLException("the server is shutting down");
            }
            queue.add(pending);
        }
        try {
            return pending.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the database", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Never interrupted: an interrupt closes the file channels of H2 in the middle of a write. */
    private void loop() {
        List<Pending<?>> batch = new ArrayList<>();
        boolean end = false;
        while (!end) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            end = batch.remove(END);
            runBatch(batch);
            batch.clear();
        }
    }

    private void runBatch(List<Pending<?>> batch) {
        if (batch.isEmpty()) {
            return;
        }
        if (batch.size() > 1) {
            try {
                List<Object> results = transaction(batch);
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).complete(results.get(i));
                }
                return;
            } catch (SQLException | RuntimeException e) {
                // fall through: each alone, so that only the failing write fails
            }
        }
        batch.forEach(this::runAlone);
    }

    private void runAlone(Pending<?> pending) {
        for (int attempt = 1; ; attempt++) {
            try {
                pending.complete(transaction(List.of(pending)).get(0));
                return;
            } catch (SQLException e) {
                if (attempt == ATTEMPTS || !RETRY_STATES.contains(e.getSQLState())) {
                    pending.result.completeExceptionally(e);
                    return;
                }
            } catch (RuntimeException e) {
                pending.result.completeExceptionally(e);
                return;
            }
        }
    }

    private List<Object> transaction(List<Pending<?>> batch) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                List<Object> results = new ArrayList<>(batch.size());
                BugCounts counts = new BugCounts(webhooks, clock);
                for (Pending<?> p : batch) {
                    results.add(p.write.run(c, counts));
                }
                counts.write(c);
                c.commit();
                return results;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Finishes the writes already queued, then stops. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(END);
        }
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Pending<T>(Write<T> write, CompletableFuture<T> result) {
        @SuppressWarnings("unchecked")
        void complete(Object value) {
            result.complete((T) value);
        }
    }
}
