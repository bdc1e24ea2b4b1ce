package org.koops.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
     * once, the second time a repeat of the first. The same statements for one log as for many: on
     * PostgreSQL one ({@link #insertWithBytes}), on H2 three (their keys looked up, then their rows and their
     * bytes inserted in two batches). Each log stored is counted in {@code states} under the state of its
     * {@link Outcome}.
     */
    static List<Stored> storeAll(Connection c, List<ToStore> logs, StatusCounts states) throws SQLException {
        Map<String, ToStore> firsts = new LinkedHashMap<>(); // the first log of each key, in order
        logs.forEach(log -> firsts.putIfAbsent(log.key(), log));
        Map<String, Long> before = new HashMap<>();
        Map<String, Long> created = Database.Vendor.of(c) == Database.Vendor.POSTGRESQL
                ? insertWithBytes(c, firsts.values(), before) : lookUpThenInsert(c, firsts.values(), before);
        List<Stored> stored = new ArrayList<>(logs.size());
        for (ToStore log : logs) {
            Long id = created.get(log.key());
            if (id == null) {
                stored.add(new Stored(before.get(log.key()), false));
            } else if (firsts.get(log.key()) == log) {
                stored.add(new Stored(id, true));
                states.added(log.outcome().state());
            } else {
                stored.add(new Stored(id, false));
            }
        }
        return stored;
    }

    private static final String COLUMNS = "sha256, host_key, name, host, tags, log_time, received_at, size, state,"
            + " report_count, error, notice";

    /**
     * PostgreSQL: inserts the logs (one for each key) and their bytes in one statement, skipping the keys it
     * holds ({@code ON CONFLICT DO NOTHING}), then looks up those it skipped, if any, into {@code before}:
     * the new ids by key. Looking up every key first cost a query whose plan PostgreSQL keeps for the
     * connection until the table's statistics change: one made while the table was nearly empty read all
     * of it (2 ms a batch on average over a run of the benchmark that stored 75,000 logs); and each log's
     * bytes were a statement of their own.
     */
    private static Map<String, Long> insertWithBytes(Connection c, java.util.Collection<ToStore> logs,
            Map<String, Long> before) throws SQLException {
        List<Object[]> rows = new ArrayList<>(logs.size());
        for (ToStore log : logs) {
            Object[] columns = row(log);
            Object[] row = Arrays.copyOf(columns, columns.length + 1); // and the bytes, for log_content
            row[columns.length] = log.submission().bytes();
            rows.add(row);
        }
        Map<String, Long> ids = new HashMap<>();
        for (Object[] row : Sql.listOfColumns(c, "WITH v AS (SELECT * FROM unnest(?::varchar[]::char(64)[],"
                + " ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[]::timestamptz[],"
                + " ?::varchar[]::timestamptz[], ?::bigint[], ?::varchar[], ?::integer[], ?::varchar[], ?::varchar[],"
                + " ?::bytea[]) WITH ORDINALITY AS v (" + COLUMNS + ", raw, place)),"
                + " added AS (INSERT INTO submitted_log (" + COLUMNS + ") SELECT " + COLUMNS + " FROM v ORDER BY place"
                + " ON CONFLICT (sha256, host_key) DO NOTHING RETURNING id, sha256, host_key),"
                + " bytes AS (INSERT INTO log_content (log_id, raw) SELECT a.id, v.raw FROM added a"
                + " JOIN v ON v.sha256 = a.sha256 AND v.host_key = a.host_key)"
                + " SELECT id, sha256, host_key FROM added",
                rs -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3)},
                List.of("varchar", "varchar", "varchar", "varchar", "varchar", "varchar", "varchar", "bigint",
                        "varchar", "integer", "varchar", "varchar", "bytea"), rows)) {
            ids.put(submissionKey(((String) row[1]).strip(), (String) row[2]), (Long) row[0]);
        }
        if (ids.size() < logs.size()) {
            before.putAll(stored(c, logs.stream().filter(log -> !ids.containsKey(log.key())).toList()));
        }
        return ids;
    }

    /**
     * H2: looks up the keys stored before into {@code before}, then inserts the others and their bytes: their
     * ids by key.
     */
    private static Map<String, Long> lookUpThenInsert(Connection c, java.util.Collection<ToStore> logs,
            Map<String, Long> before) throws SQLException {
        before.putAll(stored(c, logs));
        List<ToStore> toInsert = logs.stream().filter(log -> !before.containsKey(log.key())).toList();
        long[] inserted = Sql.insertBatch(c, "INSERT INTO submitted_log (" + COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", toInsert.stream().map(LogStore::row).toList());
        Map<String, Long> ids = new HashMap<>();
        List<Object[]> contents = new ArrayList<>(inserted.length);
        for (int i = 0; i < inserted.length; i++) {
            ids.put(toInsert.get(i).key(), inserted[i]);
            contents.add(new Object[] {inserted[i], toInsert.get(i).submission().bytes()});
        }
        Sql.batch(c, "INSERT INTO log_content (log_id, raw) VALUES (?, ?)", contents);
        return ids;
    }

    /** The ids of the logs stored before, by key, in one query. */
    private static Map<String, Long> stored(Connection c, java.util.Collection<ToStore> logs) throws SQLException {
        Map<String, Long> known = new HashMap<>();
        Object[] digests = Sql.inList(logs.stream().map(ToStore::sha256).toList());
        for (Object[] row : Sql.list(c, "SELECT id, sha256, host_key FROM submitted_log WHERE sha256 IN ("
                + Sql.placeholders(digests.length) + ")", rs -> new Object[] {rs.getLong(1), rs.getString(2),
                rs.getString(3)}, digests)) {
            known.put(submissionKey(((String) row[1]).strip(), (String) row[2]), (Long) row[0]);
        }
        return known;
    }

    /** A log's row of {@code submitted_log}, in the order of {@link #COLUMNS}. */
    private static Object[] row(ToStore log) {
        Submission s = log.submission();
        Outcome outcome = log.outcome();
        return new Object[] {log.sha256(), hostKey(s.host()), s.name(), s.host(), String.join(" ", s.tags()), s.time(),
                log.received(), (long) s.bytes().length, outcome.state(), outcome.reports(), outcome.error(),
                log.notice()};
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
