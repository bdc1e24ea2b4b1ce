package org.koops.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code submitted_log} table: a log is stored pending, then marked analysed or failed; or stored
 * analysed or failed at once, when its analysis ended before its store.
 */
final class LogStore {
    /** A stored log; {@code created} is false when the same bytes had been submitted before. */
    record Stored(long id, boolean created) {
    }

    /** A log waiting for analysis, as stored. */
    record Pending(long id, Submission submission, Instant received) {
    }

    private LogStore() {
    }

    /**
     * A log to store: the SHA-256 of its bytes, as submitted, when it arrived, the server's notice or null,
     * and what it is stored as.
     */
    record ToStore(String sha256, Submission submission, Instant received, String notice, Outcome outcome) {
        /** A log to store pending, for its analysis. */
        ToStore(String sha256, Submission submission, Instant received, String notice) {
            this(sha256, submission, received, notice, Outcome.PENDING);
        }

        String key() {
            return submissionKey(sha256, submission.host());
        }

        /** This log stored as {@code value}, with {@code notice} instead of this one's. */
        ToStore as(Outcome value, String notice) {
            return new ToStore(sha256, submission, received, notice, value);
        }
    }

    /** What a log is stored as: pending, analysed with the count of its reports, or failed with the reason. */
    record Outcome(String state, Integer reports, String error) {
        static final Outcome PENDING = new Outcome("pending", null, null);

        static Outcome analysed(int reports) {
            return new Outcome("analysed", reports, null);
        }

        static Outcome failed(String error) {
            return new Outcome("failed", null, CrashFacts.cut(error, 2000));
        }
    }

    /** {@link #storeAll} as a write of the queue, run for all the logs waiting to be stored. */
    static final WriteQueue.Batched<ToStore, Stored> STORE = (c, logs, counts) -> storeAll(c, logs, counts.logStates());

    /**
     * Stores each log unless the same bytes are stored already for the same host (idempotent submission):
     * from another host they are another machine's crash. A log sent twice in the same call is stored
     * once, the second time a repeat of the first. Three statements for all the logs: their keys looked
     * up in one query, then two batches of inserts. Each log stored is counted in {@code states} under the
     * state of its {@link Outcome}.
     */
    static List<Stored> storeAll(Connection c, List<ToStore> logs, StatusCounts states) throws SQLException {
        Map<String, Long> known = new HashMap<>();
        Object[] digests = Sql.inList(logs.stream().map(ToStore::sha256).toList());
        for (Object[] row : Sql.list(c, "SELECT id, sha256, host_key FROM submitted_log WHERE sha256 IN ("
                + Sql.placeholders(digests.length) + ")", rs -> new Object[] {rs.getLong(1), rs.getString(2),
                rs.getString(3)}, digests)) {
            known.put(((String) row[1]).strip() + " " + row[2], (Long) row[0]);
        }
        Map<String, Integer> firsts = new HashMap<>(); // key -> its position among the new logs
        List<Object[]> rows = new ArrayList<>();
        int[] position = new int[logs.size()];
        for (int i = 0; i < logs.size(); i++) {
            ToStore log = logs.get(i);
            String key = log.key();
            if (known.containsKey(key)) {
                position[i] = -1;
            } else if (firsts.containsKey(key)) {
                position[i] = firsts.get(key);
            } else {
                Submission s = log.submission();
                firsts.put(key, rows.size());
                position[i] = rows.size();
                Outcome outcome = log.outcome();
                rows.add(new Object[] {log.sha256(), hostKey(s.host()), s.name(), s.host(), String.join(" ", s.tags()),
                        s.time(), log.received(), (long) s.bytes().length, outcome.state(), outcome.reports(),
                        outcome.error(), log.notice()});
            }
        }
        long[] ids = Sql.insertBatch(c, """
                INSERT INTO submitted_log (sha256, host_key, name, host, tags, log_time, received_at, size, state,
                                           report_count, error, notice)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
        for (Object[] row : rows) {
            states.added((String) row[8]);
        }
        List<Object[]> contents = new ArrayList<>(rows.size());
        List<Stored> stored = new ArrayList<>(logs.size());
        for (int i = 0; i < logs.size(); i++) {
            if (position[i] < 0) {
                stored.add(new Stored(known.get(logs.get(i).key()), false));
            } else if (contents.size() == position[i]) { // the first of its key
                contents.add(new Object[] {ids[position[i]], logs.get(i).submission().bytes()});
                stored.add(new Stored(ids[position[i]], true));
            } else {
                stored.add(new Stored(ids[position[i]], false));
            }
        }
        Sql.batch(c, "INSERT INTO log_content (log_id, raw) VALUES (?, ?)", contents);
        return stored;
    }

    /** A log whose analysis found {@code reports} reports, with a notice to add to the log's ({@code null} for none). */
    record Finished(long id, int reports, String notice) {
    }

    /**
     * Marks pending logs analysed, in one batch; false for a log that another request or instance finished
     * first. Each log marked is counted in {@code states}.
     */
    static boolean[] finishAll(Connection c, List<Finished> logs, StatusCounts states) throws SQLException {
        List<Object[]> rows = new ArrayList<>(logs.size());
        for (Finished f : logs) {
            rows.add(new Object[] {f.reports(), f.notice(), f.notice(), f.id()});
        }
        int[] updated = Sql.batch(c, "UPDATE submitted_log SET state = 'analysed', report_count = ?,"
                + " notice = COALESCE(notice || '; ' || ?, notice, ?) WHERE id = ? AND state = 'pending'", rows);
        boolean[] done = new boolean[logs.size()];
        for (int i = 0; i < done.length; i++) {
            done[i] = updated[i] == 1;
            if (done[i]) {
                states.moved("pending", "analysed");
            }
        }
        return done;
    }

    /** Marks a pending log failed; false when another request or instance finished it first. */
    static boolean fail(Connection c, long id, String error, StatusCounts states) throws SQLException {
        return moved(states, "pending", "failed", Sql.update(c, "UPDATE submitted_log SET state = 'failed', error = ?"
                + " WHERE id = ? AND state = 'pending'", Outcome.failed(error).error(), id));
    }

    /**
     * Sets a failed log pending again, for a new analysis; false when no failed log with its bytes still
     * kept has that id.
     */
    static boolean retry(Connection c, long id, StatusCounts states) throws SQLException {
        return moved(states, "failed", "pending", Sql.update(c, "UPDATE submitted_log SET state = 'pending',"
                + " error = NULL WHERE id = ? AND state = 'failed' AND content_removed_at IS NULL", id));
    }

    /** Whether the update changed the log, counted in {@code states} when it did. */
    private static boolean moved(StatusCounts states, String from, String to, int updated) {
        if (updated == 1) {
            states.moved(from, to);
        }
        return updated == 1;
    }

    /** What makes a submission a repeat of another: its bytes and its host. */
    static String submissionKey(String sha256, String host) {
        return sha256 + " " + hostKey(host);
    }

    private static String hostKey(String host) {
        return host == null ? "" : host;
    }

    /** A pending log's id and {@link #submissionKey}. */
    record Waiting(long id, String key) {
    }

    static List<Waiting> waiting(Connection c) throws SQLException {
        return Sql.list(c, "SELECT id, sha256, host FROM submitted_log WHERE state = 'pending' ORDER BY size, id",
                rs -> new Waiting(rs.getLong(1), submissionKey(rs.getString(2), rs.getString(3))));
    }

    static Optional<Pending> pending(Connection c, long id) throws SQLException {
        return Sql.one(c, "SELECT name, host, log_time, tags, raw, received_at FROM submitted_log"
                + " JOIN log_content ON log_id = id WHERE id = ? AND state = 'pending'", rs -> new Pending(id,
                new Submission(rs.getString("name"), rs.getString("host"), Sql.instant(rs, "log_time"),
                        tags(rs.getString("tags")), rs.getBytes("raw")), Sql.instant(rs, "received_at")), id);
    }

    static Optional<byte[]> raw(Connection c, long id) throws SQLException {
        return Sql.one(c, "SELECT raw FROM log_content WHERE log_id = ?", rs -> rs.getBytes(1), id);
    }

    static List<String> tags(String stored) {
        return stored.isEmpty() ? List.of() : Arrays.asList(stored.split(" "));
    }
}
