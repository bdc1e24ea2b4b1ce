package org.koops.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs the writes of all requests on one thread, as many as are waiting in one transaction (group
 * commit). A durable commit costs a disk write; one per batch instead of one per request is what lets
 * the server acknowledge only durable data and still take a thousand reports a second. The bug counters
 * of a batch are added up and written once per row ({@link BugCounts}).
 *
 * <p>The frequent writes (storing a log, filing its crashes) are {@link Batched}: the waiting writes of
 * one kind run in one call, which sends each of its statements once for all of them (JDBC batches, one
 * query for all their keys). On PostgreSQL every statement is a round trip to another process, and
 * the writer waits for each: a batch then costs a few round trips however many writes it holds, where
 * it cost a dozen per write.
 *
 * <p>A commit costs the writer nearly as much for one write as for eight (H2 writes every B-tree page the
 * transaction changed, PostgreSQL flushes its log once), so the writer waits a little for the writes
 * that are about to come before it commits: like PostgreSQL's {@code commit_delay} with
 * {@code commit_siblings}, only while more of the submissions in flight ({@link #upcoming}) are still
 * working on theirs than there are cores the commit leaves free, as long as the next write comes within
 * {@link #GAP} of the one before, and at most {@link #LINGER} in all. Waiting for every one would leave
 * the other cores idle during the commit, every submission then waiting for it. One submission alone
 * never waits. A submission stops counting once its last write is committed ({@link #writeLast}): its
 * request thread has yet to be woken and to answer, and the writer waited {@link #GAP} for it at each
 * batch when it counted until then.
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

    /**
     * Writes of one kind that run together: {@link #runAll} gets the inputs of all the waiting writes of
     * that kind, in the order they were queued, and returns their results in the same order.
     */
    @FunctionalInterface
    interface Batched<I, T> {
        List<T> runAll(Connection c, List<I> inputs, BugCounts counts) throws SQLException;
    }

    private static final int MAX_BATCH = 200;
    /**
     * The longest wait for the next write of a submission in flight: about what a commit costs. Analyses
     * that end one after the other keep the batch growing; one that runs long (a big log) delays each
     * commit by this only.
     */
    static final Duration GAP = Duration.ofMillis(1);
    /** The longest wait for writes in all: what a submission's latency may grow by at each commit. */
    static final Duration LINGER = Duration.ofMillis(10);
    private static final int ATTEMPTS = 5;
    /** Unique violation, serialization failure, deadlock: another writer got there first. */
    private static final Set<String> RETRY_STATES = Set.of("23505", "40001", "40P01");
    /** Queued by {@link #close}: the writes before it are the last. */
    private static final Pending<Object> END = new Pending<>(null, null, new CompletableFuture<>(), null);

    private final Database db;
    private final Webhooks webhooks;
    private final java.time.Clock clock;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    /** Writes committed and the transactions that committed them, for {@link #committed}. */
    private final LongAdder committedWrites = new LongAdder();
    private final LongAdder commits = new LongAdder();
    /** The submissions that said they will write soon ({@link #upcoming}) and have not finished. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final long gapNanos;
    private final long lingerNanos;
    /** How many submissions in flight may still be working when the writer commits. */
    private final int working;
    /** Guarded by {@code this}, so that nothing is queued after the end marker {@link #close} adds. */
    private boolean closed;

    /** @param webhooks where the events of the writes' transactions go ({@link BugCounts}) */
    WriteQueue(Database db, Webhooks webhooks, java.time.Clock clock) {
        this(db, webhooks, clock, GAP, LINGER, Runtime.getRuntime().availableProcessors() - 1);
    }

    /**
     * @param gap     the longest wait for the next write of a submission in flight
     * @param linger  the longest wait for writes in all before a commit
     * @param working how many submissions in flight may still be working on their writes when the writer
     *                commits: the cores the commit leaves free
     */
    WriteQueue(Database db, Webhooks webhooks, java.time.Clock clock, Duration gap, Duration linger, int working) {
        this.gapNanos = gap.toNanos();
        this.lingerNanos = linger.toNanos();
        this.working = working;
        this.db = db;
        this.webhooks = webhooks;
        this.clock = clock;
        this.writer = new Thread(this::loop, "koops-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Runs {@code write} and returns once its transaction is committed. */
    <T> T write(Write<T> write) throws SQLException {
        return await(queue(new Pending<>(null, write, new CompletableFuture<>(), null)));
    }

    /**
     * Runs {@code input} through {@code kind}, together with the other waiting writes of that kind, and
     * returns its result once their transaction is committed.
     */
    <I, T> T write(Batched<I, T> kind, I input) throws SQLException {
        return await(queue(kind, input));
    }

    /**
     * Writes as {@link #write(Batched, Object)} does the last write of a caller that said it would write:
     * the writer stops waiting for that caller once the write is committed, rather than once the caller,
     * woken, gets round to closing {@code caller} itself.
     */
    <I, T> T writeLast(Batched<I, T> kind, I input, Upcoming caller) throws SQLException {
        return await(queue(Pending.of(kind, input, caller)));
    }

    /**
     * Queues {@code input} for {@code kind} as {@link #write(Batched, Object)} does, without waiting: the
     * caller works while the writer commits it, then takes the result with {@link #await}.
     */
    <I, T> CompletableFuture<T> queue(Batched<I, T> kind, I input) throws SQLException {
        return queue(Pending.of(kind, input, null));
    }

    private <T> CompletableFuture<T> queue(Pending<T> pending) throws SQLException {
        synchronized (this) {
            if (closed) {
                throw new SQLException("the server is shutting down");
            }
            queue.add(pending);
        }
        return pending.result;
    }

    /** The result of a write {@link #queue}d before, once its transaction is committed. */
    static <T> T await(CompletableFuture<T> result) throws SQLException {
        try {
            return result.get();
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

    /**
     * Says that the caller will queue writes until it closes what this returns: while more callers are in
     * flight than a batch holds writes, the writer waits a little for theirs.
     */
    Upcoming upcoming() {
        inFlight.incrementAndGet();
        return new Upcoming();
    }

    /** A caller's writes to come; closing it, once or more, says none will. */
    final class Upcoming implements AutoCloseable {
        private final AtomicBoolean closed = new AtomicBoolean();

        private Upcoming() {
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
            }
        }
    }

    /** The writes committed so far and the commits they took: how well commits are shared. */
    long[] committed() {
        return new long[] {committedWrites.sum(), commits.sum()};
    }

    /** The writes queued and not yet taken by the writer. */
    int waiting() {
        return queue.size();
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
            try {
                awaitUpcoming(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            end = batch.remove(END);
            runBatch(batch);
            batch.clear();
        }
    }

    /**
     * Adds the writes that come while callers in flight have none in the batch, until at most
     * {@link #working} have none, the batch is full, the queue closes, no write came for {@link #GAP}, or
     * {@link #LINGER} has passed since the batch's first write.
     */
    private void awaitUpcoming(List<Pending<?>> batch) throws InterruptedException {
        long deadline = System.nanoTime() + lingerNanos;
        while (batch.size() < Math.min(inFlight.get() - working, MAX_BATCH) && !batch.contains(END)) {
            long wait = Math.min(gapNanos, deadline - System.nanoTime());
            Pending<?> next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, MAX_BATCH - batch.size());
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
                // Set.of refuses to look up null, and a driver's own errors have no state.
                if (attempt == ATTEMPTS || e.getSQLState() == null || !RETRY_STATES.contains(e.getSQLState())) {
                    pending.fail(e);
                    return;
                }
            } catch (RuntimeException e) {
                pending.fail(e);
                return;
            }
        }
    }

    private List<Object> transaction(List<Pending<?>> batch) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                Object[] results = new Object[batch.size()];
                BugCounts counts = new BugCounts(webhooks, clock);
                // Writes of different requests are independent (a request waits for its write's commit
                // before it queues the next), so the writes of a kind may run together, in their order.
                Map<Batched<Object, Object>, List<Integer>> kinds = new LinkedHashMap<>();
                for (int i = 0; i < batch.size(); i++) {
                    Pending<?> p = batch.get(i);
                    if (p.kind == null) {
                        @SuppressWarnings("unchecked")
                        Write<Object> write = (Write<Object>) p.input;
                        results[i] = write.run(c, counts);
                    } else {
                        kinds.computeIfAbsent(p.kind, k -> new ArrayList<>()).add(i);
                    }
                }
                for (Map.Entry<Batched<Object, Object>, List<Integer>> e : kinds.entrySet()) {
                    List<Object> inputs = new ArrayList<>(e.getValue().size());
                    e.getValue().forEach(i -> inputs.add(batch.get(i).input));
                    List<Object> out = e.getKey().runAll(c, inputs, counts);
                    for (int j = 0; j < out.size(); j++) {
                        results[e.getValue().get(j)] = out.get(j);
                    }
                }
                counts.write(c);
                c.commit();
                commits.increment();
                committedWrites.add(batch.size());
                return java.util.Arrays.asList(results);
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

    /**
     * A queued write: {@code input} is the {@link Write} itself when {@code kind} is null; {@code last} the
     * caller whose last write it is, or null.
     */
    private record Pending<T>(Batched<Object, Object> kind, Object input, CompletableFuture<T> result,
            Upcoming last) {
        /** A write of {@code kind}, seen by the writer as a write of any kind. */
        @SuppressWarnings("unchecked")
        static <I, T> Pending<T> of(Batched<I, T> kind, I input, Upcoming last) {
            return new Pending<>((Batched<Object, Object>) (Batched<?, ?>) kind, input, new CompletableFuture<>(), last);
        }

        @SuppressWarnings("unchecked")
        void complete(Object value) {
            finished();
            result.complete((T) value);
        }

        void fail(Throwable e) {
            finished();
            result.completeExceptionally(e);
        }

        /** Before the caller is woken: the writer's next batch no longer waits for it. */
        private void finished() {
            if (last != null) {
                last.close();
            }
        }
    }
}
