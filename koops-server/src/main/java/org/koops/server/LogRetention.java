package org.koops.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Deletes the bytes of old logs, by age and by total size, oldest first ({@link ServerConfig.Retention}).
 * A log's row stays, marked {@code content_removed_at}, and so do its crashes and their bugs: the pages
 * show what was kept of them, and say that the log itself is gone. Logs still pending keep their bytes,
 * which their analysis needs.
 */
final class LogRetention {
    /** Logs deleted per statement, so that no transaction grows with the number of old logs. */
    private static final int STEP = 500;

    private LogRetention() {
    }

    /**
     * Applies the rule; returns how many logs lost their bytes. Stops between steps once {@code stopping}
     * says so (the server stopping): the rest is done at the next run.
     */
    static int apply(Database db, ServerConfig.Retention rule, Instant now, BooleanSupplier stopping)
            throws SQLException {
        if (rule.keepsAll()) {
            return 0;
        }
        int removed = 0;
        try (Connection c = db.connection()) {
            if (rule.maxAge() != null) {
                for (List<long[]> old; !stopping.getAsBoolean() && !(old = oldest(c, now.minus(rule.maxAge())))
                        .isEmpty(); ) {
                    removed += remove(c, old, now);
                }
            }
            if (rule.maxBytes() > 0) {
                long total = Sql.one(c, "SELECT COALESCE(SUM(size), 0) FROM submitted_log WHERE content_removed_at IS NULL",
                        rs -> rs.getLong(1)).orElse(0L);
                while (total > rule.maxBytes() && !stopping.getAsBoolean()) {
                    List<long[]> old = oldest(c, null);
                    if (old.isEmpty()) {
                        break;
                    }
                    List<long[]> enough = new java.util.ArrayList<>();
                    for (long[] log : old) {
                        if (total <= rule.maxBytes()) {
                            break;
                        }
                        enough.add(log);
                        total -= log[1];
                    }
                    removed += remove(c, enough, now);
                }
            }
        }
        return removed;
    }

    /** The oldest logs that still have their bytes (received before {@code before}, when given): id and size. */
    private static List<long[]> oldest(Connection c, Instant before) throws SQLException {
        return Sql.list(c, "SELECT id, size FROM submitted_log WHERE content_removed_at IS NULL AND state <> 'pending'"
                + (before == null ? "" : " AND received_at < ?") + " ORDER BY received_at, id FETCH FIRST " + STEP
                + " ROWS ONLY", rs -> new long[] {rs.getLong(1), rs.getLong(2)},
                before == null ? new Object[0] : new Object[] {before});
    }

    private static int remove(Connection c, List<long[]> logs, Instant now) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            for (long[] log : logs) {
                Sql.update(c, "DELETE FROM log_content WHERE log_id = ?", log[0]);
                Sql.update(c, "UPDATE submitted_log SET content_removed_at = ? WHERE id = ?", now, log[0]);
            }
            c.commit();
            return logs.size();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }
}
