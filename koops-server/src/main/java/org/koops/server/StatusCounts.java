package org.koops.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many bugs have each status ({@code bug_status_count}) and how many submitted logs each state
 * ({@code log_state_count}), so that the bug list and the log list say how many rows they hold without
 * counting them: on PostgreSQL and on H2 a count reads every row of the status, at each view of the
 * list (a tenth of a second and more for a million logs).
 *
 * <p>Whatever adds a row or changes its status records it here, in its transaction, and writes the sum
 * just before committing, after the rows' own changes: every writer then locks the count rows last and in
 * the same order (the bugs' counts before the logs'). A change is counted only when the row changed (its
 * update matched the status it moves from), so two instances racing on the same row count it once.
 */
final class StatusCounts {
    /** A table of counts by status, and the rows it counts. */
    enum Counted {
        BUGS("bug_status_count", "status", "bugs", "bug", "status"),
        LOGS("log_state_count", "state", "logs", "submitted_log", "state");

        private final String table;
        private final String key;
        private final String count;
        private final String rows;
        private final String rowsKey;

        Counted(String table, String key, String count, String rows, String rowsKey) {
            this.table = table;
            this.key = key;
            this.count = count;
            this.rows = rows;
            this.rowsKey = rowsKey;
        }

        /** Every count from the rows themselves, for a database filled without the server (SyntheticCrashes). */
        String recount() {
            return "UPDATE " + table + " SET " + count + " = (SELECT COUNT(*) FROM " + rows + " r WHERE r." + rowsKey
                    + " = " + table + "." + key + ")";
        }
    }

    private final Counted counted;
    private final Map<String, Long> changes = new TreeMap<>();

    StatusCounts(Counted counted) {
        this.counted = counted;
    }

    /** A row added with {@code status}. */
    void added(String status) {
        changes.merge(status, 1L, Long::sum);
    }

    /** A row whose status went from {@code from} to {@code to}. */
    void moved(String from, String to) {
        if (!from.equals(to)) {
            changes.merge(from, -1L, Long::sum);
            changes.merge(to, 1L, Long::sum);
        }
    }

    /** Adds the changes to the counts, then forgets them. */
    void write(Connection c) throws SQLException {
        Sql.updates(c, updates());
    }

    /** The updates that add the changes to the counts, in key order; the changes are forgotten. */
    List<Sql.Update> updates() {
        List<Sql.Update> updates = new ArrayList<>();
        for (Map.Entry<String, Long> e : changes.entrySet()) {
            if (e.getValue() != 0) {
                updates.add(new Sql.Update("UPDATE " + counted.table + " SET " + counted.count + " = " + counted.count
                        + " + ? WHERE " + counted.key + " = ?", e.getValue(), e.getKey()));
            }
        }
        changes.clear();
        return updates;
    }

    /** The number of rows of {@code status}, or of all of them for {@code all}. */
    static long of(Connection c, Counted counted, String status) throws SQLException {
        return status.equals("all")
                ? Sql.one(c, "SELECT SUM(" + counted.count + ") FROM " + counted.table, rs -> rs.getLong(1)).orElse(0L)
                : Sql.one(c, "SELECT " + counted.count + " FROM " + counted.table + " WHERE " + counted.key + " = ?",
                        rs -> rs.getLong(1), status).orElse(0L);
    }
}
