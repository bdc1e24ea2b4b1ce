package org.koops.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The {@code submitted_log} table: logs are stored first, then marked analysed or failed. */
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
     * Stores the log unless the same bytes are stored already for the same host (idempotent submission):
     * from another host they are another machine's crash.
     */
    static Stored store(Connection c, String sha256, Submission s, Instant received, String notice)
            throws SQLException {
        Optional<Long> existing = Sql.one(c, "SELECT id FROM submitted_log WHERE sha256 = ? AND host_key = ?",
                rs -> rs.getLong(1), sha256, hostKey(s.host()));
        if (existing.isPresent()) {
            return new Stored(existing.get(), false);
        }
        long id = Sql.insert(c, """
                INSERT INTO submitted_log (sha256, host_key, name, host, tags, log_time, received_at, size, state,
                                           notice)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)""",
                sha256, hostKey(s.host()), s.name(), s.host(), String.join(" ", s.tags()), s.time(), received,
                (long) s.bytes().length, notice);
        Sql.update(c, "INSERT INTO log_content (log_id, raw) VALUES (?, ?)", id, s.bytes());
        return new Stored(id, true);
    }

    /**
     * Marks a pending log analysed, with a notice to add to the log's ({@code null} for none); false when
     * another request or instance did so first.
     */
    static boolean finish(Connection c, long id, int reports, String notice) throws SQLException {
        return Sql.update(c, "UPDATE submitted_log SET state = 'analysed', report_count = ?,"
                + " notice = COALESCE(notice || '; ' || ?, notice, ?) WHERE id = ? AND state = 'pending'", reports,
                notice, notice, id) == 1;
    }

    /** Marks a pending log failed; false when another request or instance finished it first. */
    static boolean fail(Connection c, long id, String error) throws SQLException {
        return Sql.update(c, "UPDATE submitted_log SET state = 'failed', error = ? WHERE id = ? AND state = 'pending'",
                CrashFacts.cut(error, 2000), id) == 1;
    }

    /**
     * Sets a failed log pending again, for a new analysis; false when no failed log with its bytes still
     * kept has that id.
     */
    static boolean retry(Connection c, long id) throws SQLException {
        return Sql.update(c, "UPDATE submitted_log SET state = 'pending', error = NULL WHERE id = ? AND state = 'failed'"
                + " AND content_removed_at IS NULL", id) == 1;
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
