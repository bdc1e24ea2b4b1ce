package org.koops.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many bugs have each status ({@code bug_status_count}), so that the bug list says how many bugs it
 * holds without counting them: on PostgreSQL and on H2 a count of the bugs of one status reads every
 * bug, at each view of the list.
 *
 * <p>Whatever opens a bug or changes its status records it here, in its transaction, and writes the sum
 * just before committing, after the bugs' own rows: every writer then locks the count rows last and in
 * the same order. A change is counted only when the row changed (its update matched the status it
 * moves from), so two instances racing on the same bug count it once.
 */
final class StatusCounts {
    /** Every count from the bugs themselves, for a database filled without the server (SyntheticCrashes). */
    static final String RECOUNT = "UPDATE bug_status_count SET bugs = (SELECT COUNT(*) FROM bug b"
            + " WHERE b.status = bug_status_count.status)";

    private final Map<String, Long> changes = new TreeMap<>();

    /** A bug opened. */
    void opened() {
        changes.merge("open", 1L, Long::sum);
    }

    /** A bug whose status went from {@code from} to {@code to}. */
    void moved(String from, String to) {
        if (!from.equals(to)) {
            changes.merge(from, -1L, Long::sum);
            changes.merge(to, 1L, Long::sum);
        }
    }

    /** Adds the changes to the counts, then forgets them. */
    void write(Connection c) throws SQLException {
        for (Map.Entry<String, Long> e : changes.entrySet()) {
            if (e.getValue() != 0) {
                Sql.update(c, "UPDATE bug_status_count SET bugs = bugs + ? WHERE status = ?", e.getValue(), e.getKey());
            }
        }
        changes.clear();
    }

    /** The number of bugs of {@code status}, or of all of them for {@code all}. */
    static long of(Connection c, String status) throws SQLException {
        return status.equals("all")
                ? Sql.one(c, "SELECT SUM(bugs) FROM bug_status_count", rs -> rs.getLong(1)).orElse(0L)
                : Sql.one(c, "SELECT bugs FROM bug_status_count WHERE status = ?", rs -> rs.getLong(1), status)
                        .orElse(0L);
    }
}
