package org.koops.server;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Group commit: the writes waiting when the writer is free run in one transaction, those of a kind in one
 * call whose statements are sent once for all of them.
 */
class WriteQueueTest {
    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");
    private static final int WAITING = 8;

    @TempDir
    Path dir;
    private Database db;
    private WriteQueue queue;
    private final ExecutorService requests = Executors.newFixedThreadPool(WAITING + 1);

    @BeforeEach
    void open() {
        db = Database.open(TestDatabases.h2(dir), null, null, 4);
        queue = new WriteQueue(db, Webhooks.NONE, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        requests.shutdownNow();
        queue.close();
        db.close();
    }

    @Test
    void theWritesOfAKindWaitingTogetherRunInOneCallAndOneTransaction() throws Exception {
        List<List<Integer>> calls = Collections.synchronizedList(new ArrayList<>());
        WriteQueue.Batched<Integer, String> kind = (c, inputs, counts) -> {
            calls.add(List.copyOf(inputs));
            return inputs.stream().map(i -> "stored " + i).toList();
        };
        CountDownLatch release = holdTheWriter();
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < WAITING; i++) {
            int input = i;
            answers.add(requests.submit(() -> queue.write(kind, input)));
        }
        awaitWaiting(WAITING);
        release.countDown();

        for (int i = 0; i < WAITING; i++) {
            assertThat(answers.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("stored " + i);
        }
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0)).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void aQueuedWriteLeavesItsCallerFreeUntilItTakesTheCommittedResult() throws Exception {
        WriteQueue.Batched<Integer, String> kind = (c, inputs, counts) ->
                inputs.stream().map(i -> "stored " + i).toList();
        CountDownLatch release = holdTheWriter();

        java.util.concurrent.CompletableFuture<String> result = queue.queue(kind, 1);
        assertThat(result).isNotDone();
        release.countDown();

        assertThat(WriteQueue.await(result)).isEqualTo("stored 1");
        assertThat(queue.committed()[0]).isEqualTo(2);
    }

    @Test
    void theWriterWaitsForTheWriteOfAnotherSubmissionInFlightAndCommitsBothTogether() throws Exception {
        try (WriteQueue lingering = new WriteQueue(db, Webhooks.NONE, Clock.systemUTC(), Duration.ofMinutes(10),
                Duration.ofMinutes(10), 0);
             WriteQueue.Upcoming first = lingering.upcoming();
             WriteQueue.Upcoming second = lingering.upcoming()) {
            Future<String> a = requests.submit(() -> lingering.write((c, counts) -> "a"));
            // Without the wait the writer would commit it alone within milliseconds.
            assertThatThrownBy(() -> a.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            Future<String> b = requests.submit(() -> lingering.write((c, counts) -> "b"));

            assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo("a");
            assertThat(b.get(10, TimeUnit.SECONDS)).isEqualTo("b");
            assertThat(lingering.committed()).containsExactly(2, 1);
        }
    }

    @Test
    void theWriterStopsWaitingForASubmissionOnceItsLastWriteIsCommitted() throws Exception {
        WriteQueue.Batched<String, String> kind = (c, inputs, counts) -> inputs;
        try (WriteQueue lingering = new WriteQueue(db, Webhooks.NONE, Clock.systemUTC(), Duration.ofMinutes(10),
                Duration.ofMinutes(10), 0);
             WriteQueue.Upcoming done = lingering.upcoming();
             WriteQueue.Upcoming going = lingering.upcoming()) {
            Future<String> last = requests.submit(() -> lingering.writeLast(kind, "last", done));
            Future<String> first = requests.submit(() -> lingering.write(kind, "first"));
            assertThat(last.get(10, TimeUnit.SECONDS)).isEqualTo("last");
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");

            // The submission whose last write is committed has not closed its Upcoming; the writer no
            // longer waits for it all the same.
            assertThat(requests.submit(() -> lingering.write(kind, "then")).get(10, TimeUnit.SECONDS))
                    .isEqualTo("then");
            assertThat(lingering.committed()).containsExactly(3, 2);
        }
    }

    @Test
    void aSubmissionAloneInFlightIsNotKeptWaiting() throws Exception {
        assertThat(writeOnce(1, Duration.ofMinutes(10), Duration.ofMinutes(10), 0)).isEqualTo("a");
    }

    @Test
    void theWaitForASubmissionThatNeverWritesEndsWhenNoWriteCameForTheGap() throws Exception {
        assertThat(writeOnce(2, Duration.ofMillis(50), Duration.ofMinutes(10), 0)).isEqualTo("a");
    }

    @Test
    void theWaitEndsAfterTheLingerWhateverTheGap() throws Exception {
        assertThat(writeOnce(2, Duration.ofMinutes(10), Duration.ofMillis(50), 0)).isEqualTo("a");
    }

    @Test
    void theWriterDoesNotWaitForTheSubmissionsThatKeepTheFreeCoresBusy() throws Exception {
        assertThat(writeOnce(3, Duration.ofMinutes(10), Duration.ofMinutes(10), 2)).isEqualTo("a");
    }

    /**
     * One write while {@code inFlight} submissions are in flight, {@code working} of which may go on when
     * the writer commits: its result if it commits within 10 s.
     */
    private String writeOnce(int inFlight, Duration gap, Duration linger, int working) throws Exception {
        try (WriteQueue lingering = new WriteQueue(db, Webhooks.NONE, Clock.systemUTC(), gap, linger, working)) {
            List<WriteQueue.Upcoming> submissions = new ArrayList<>();
            for (int i = 0; i < inFlight; i++) {
                submissions.add(lingering.upcoming());
            }
            try {
                return requests.submit(() -> lingering.write((c, counts) -> "a")).get(10, TimeUnit.SECONDS);
            } finally {
                submissions.forEach(WriteQueue.Upcoming::close);
            }
        }
    }

    @Test
    void aFailingWriteOfABatchFailsAloneWhenTheOthersRunAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        WriteQueue.Batched<String, String> kind = (c, inputs, counts) -> {
            calls.incrementAndGet();
            if (inputs.contains("bad")) {
                throw new SQLException("bad input");
            }
            return inputs;
        };
        CountDownLatch release = holdTheWriter();
        Future<String> first = requests.submit(() -> queue.write(kind, "first"));
        awaitWaiting(1);
        Future<String> bad = requests.submit(() -> queue.write(kind, "bad"));
        awaitWaiting(2);
        Future<String> last = requests.submit(() -> queue.write(kind, "last"));
        awaitWaiting(3);
        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(last.get(10, TimeUnit.SECONDS)).isEqualTo("last");
        assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("bad input");
        assertThat(calls).hasValue(4); // together, then each alone
    }

    @Test
    void storingLogsSendsTheSameStatementsForOneLogAsForMany() throws Exception {
        try (Connection c = db.connection()) {
            AtomicInteger one = new AtomicInteger();
            List<LogStore.Stored> alone = LogStore.storeAll(counting(c, one), List.of(log("alone", "h")), uncounted());
            AtomicInteger many = new AtomicInteger();
            List<LogStore.ToStore> logs = new ArrayList<>();
            for (int i = 0; i < WAITING; i++) {
                logs.add(log("log " + i, "host-" + i));
            }
            logs.add(log("log 0", "host-0")); // sent twice while the first was waiting: a repeat
            logs.add(log("alone", "h")); // stored before
            List<LogStore.Stored> stored = LogStore.storeAll(counting(c, many), logs, uncounted());

            assertThat(one.get()).isEqualTo(3).isEqualTo(many.get());
            assertThat(stored).hasSize(WAITING + 2);
            assertThat(stored.subList(0, WAITING)).allMatch(LogStore.Stored::created);
            assertThat(stored.get(WAITING)).isEqualTo(new LogStore.Stored(stored.get(0).id(), false));
            assertThat(stored.get(WAITING + 1)).isEqualTo(new LogStore.Stored(alone.get(0).id(), false));
            assertThat(Sql.one(c, "SELECT COUNT(*) FROM log_content", rs -> rs.getLong(1))).contains(WAITING + 1L);
        }
    }

    @Test
    void filingCrashesSendsTheSameStatementsForOneCrashAsForMany() throws Exception {
        try (Connection c = db.connection()) {
            long log = LogStore.storeAll(c, List.of(log("log", "h")), uncounted()).get(0).id();
            BugFiler filer = new BugFiler(false);
            file(c, filer, log, List.of(crash(0, "host-0"))); // the bug, its facet rows, the release are known now
            AtomicInteger one = new AtomicInteger();
            file(counting(c, one), filer, log, List.of(crash(1, "host-0")));
            AtomicInteger many = new AtomicInteger();
            List<CrashFacts> crashes = new ArrayList<>();
            for (int i = 0; i < WAITING; i++) {
                crashes.add(crash(2 + i, "host-0"));
            }
            file(counting(c, many), filer, log, crashes);

            // The titles' owners, the crashes, the facet rows, the bug, the release; no regression check,
            // since the bug was read open.
            assertThat(one.get()).isEqualTo(5).isEqualTo(many.get());
            assertThat(Sql.one(c, "SELECT crash_count FROM bug", rs -> rs.getLong(1))).contains(2L + WAITING);
            assertThat(Sql.one(c, "SELECT COUNT(*) FROM crash", rs -> rs.getLong(1))).contains(2L + WAITING);
        }
    }

    /** Files crashes as the queue's filing write does: their bugs, the crashes, then the counters. */
    private static void file(Connection c, BugFiler filer, long log, List<CrashFacts> crashes) throws SQLException {
        BugCounts counts = new BugCounts(Webhooks.NONE, Clock.systemUTC());
        long[] bugs = filer.bugsFor(c, crashes, counts);
        List<CrashStore.Row> rows = new ArrayList<>();
        for (int i = 0; i < bugs.length; i++) {
            rows.add(new CrashStore.Row(log, bugs[i], crashes.get(i)));
            counts.add(bugs[i], crashes.get(i));
        }
        CrashStore.insertAll(c, rows);
        counts.write(c);
    }

    private static CrashFacts crash(int index, String host) {
        return new CrashFacts(index, "WARNING in foo", List.of("WARNING in foo"), "WARNING", "x86_64", false, host,
                NOW, "6.1.0-9-amd64", "", "foo", null, null, 1, 2, List.of(), "WARNING", null, null);
    }

    /** Counts of log states that these tests, storing logs outside the queue, never write. */
    private static StatusCounts uncounted() {
        return new StatusCounts(StatusCounts.Counted.LOGS);
    }

    private static LogStore.ToStore log(String text, String host) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new LogStore.ToStore(Ingestor.sha256(bytes), new Submission("log", host, null, List.of(), bytes), NOW,
                null);
    }

    /** The connection, counting the statements it sends to the database (a batch is one). */
    private static Connection counting(Connection c, AtomicInteger sent) {
        InvocationHandler statements = (proxy, method, args) -> {
            throw new AssertionError();
        };
        return (Connection) Proxy.newProxyInstance(WriteQueueTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    Object result = invoke(method, c, args);
                    if (result instanceof PreparedStatement ps) {
                        return Proxy.newProxyInstance(WriteQueueTest.class.getClassLoader(),
                                new Class<?>[] {PreparedStatement.class}, (p, m, a) -> {
                                    if (m.getName().startsWith("execute")) {
                                        sent.incrementAndGet();
                                    }
                                    return invoke(m, ps, a);
                                });
                    }
                    return result;
                });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Keeps the writer busy in a write until the latch is released, so that the next writes wait together. */
    private CountDownLatch holdTheWriter() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        requests.submit(() -> queue.write((c, counts) -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        return release;
    }

    private void awaitWaiting(int writes) throws InterruptedException {
        awaitWaiting(queue, writes);
    }

    private static void awaitWaiting(WriteQueue queue, int writes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (queue.waiting() != writes && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(queue.waiting()).isEqualTo(writes);
    }
}
