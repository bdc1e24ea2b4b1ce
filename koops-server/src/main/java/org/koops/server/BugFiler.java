package org.koops.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Files a crash under its bug and counts it there.
 *
 * <p>syzkaller's rule: a crash joins the bug that already owns its title or one of its alternative
 * titles, tried in that order, and the bug then also owns every title of the crash; a crash none of
 * whose titles is known opens a new bug. A crash of a bug marked a duplicate counts in the bug it
 * duplicates. With the similarity merge, a crash without a known title joins
 * a bug of the same kind whose first crash had the same top frames ({@link CrashFacts#framesKey}).
 */
final class BugFiler {
    private final boolean mergeSimilar;

    BugFiler(boolean mergeSimilar) {
        this.mergeSimilar = mergeSimilar;
    }

    /** The crash's bug, created if needed; the bug owns all the crash's titles afterwards. */
    long bugFor(Connection c, CrashFacts f) throws SQLException {
        List<String> titles = f.titles();
        Map<String, Long> owners = new HashMap<>(); // title -> bug
        Sql.list(c, "SELECT title, bug_id FROM bug_title WHERE title IN (" + Sql.placeholders(titles.size()) + ")",
                rs -> owners.put(rs.getString(1), rs.getLong(2)), titles.toArray());
        Long bug = titles.stream().map(owners::get).filter(id -> id != null).findFirst().orElse(null);
        if (bug == null && mergeSimilar && f.framesKey() != null) {
            bug = Sql.one(c, "SELECT id FROM bug WHERE frames_key = ? AND kind = ? ORDER BY id FETCH FIRST 1 ROWS ONLY",
                    rs -> rs.getLong(1), f.framesKey(), f.kind()).orElse(null);
        }
        if (bug != null) {
            bug = original(c, bug);
        }
        if (bug == null) {
            bug = Sql.insert(c, """
                    INSERT INTO bug (title, kind, frames_key, culprit_function, culprit_module, status, crash_count,
                                     host_count, release_count, first_seen, last_seen)
                    VALUES (?, ?, ?, ?, ?, 'open', 0, 0, 0, ?, ?)""",
                    f.title(), f.kind(), f.framesKey(), f.culpritFunction(), f.culpritModule(), f.time(), f.time());
        }
        for (String title : titles) {
            if (!owners.containsKey(title)) {
                Sql.update(c, "INSERT INTO bug_title (title, bug_id) VALUES (?, ?)", title, bug);
            }
        }
        return bug;
    }

    /**
     * The bug that {@code bug} was marked a duplicate of, and so on: its crashes are counted there, as
     * syzkaller does. A cycle of duplicates (each marked a duplicate of the other) stops where it closes.
     */
    private static long original(Connection c, long bug) throws SQLException {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        long current = bug;
        while (seen.add(current)) {
            Optional<Long> next = Sql.one(c, "SELECT duplicate_of FROM bug WHERE id = ? AND status = 'duplicate'",
                    rs -> rs.getObject(1) == null ? null : rs.getLong(1), current);
            if (next.isEmpty() || seen.contains(next.get())) {
                return current;
            }
            current = next.get();
        }
        return current;
    }

    /**
     * Counts the crash in its bug and the bug's facets. A fixed bug that crashes after it was marked
     * fixed is open again: the fix did not hold, or did not reach that machine.
     */
    void count(Connection c, long bug, CrashFacts f) throws SQLException {
        Sql.update(c, """
                UPDATE bug SET crash_count = crash_count + 1, first_seen = LEAST(first_seen, ?),
                       last_seen = GREATEST(last_seen, ?),
                       status = CASE WHEN status = 'fixed' AND status_at < ? THEN 'open' ELSE status END
                WHERE id = ?""", f.time(), f.time(), f.time(), bug);
        for (Facet facet : Facet.values()) {
            String value = facet.valueOf(f);
            int updated = Sql.update(c, """
                    UPDATE bug_facet SET crash_count = crash_count + 1, last_seen = GREATEST(last_seen, ?)
                    WHERE bug_id = ? AND facet = ? AND facet_value = ?""", f.time(), bug, facet.id, value);
            if (updated == 0) {
                Sql.update(c, "INSERT INTO bug_facet (bug_id, facet, facet_value, crash_count, last_seen)"
                        + " VALUES (?, ?, ?, 1, ?)", bug, facet.id, value, f.time());
                if (facet.countColumn != null) {
                    Sql.update(c, "UPDATE bug SET " + facet.countColumn + " = " + facet.countColumn + " + 1"
                            + " WHERE id = ?", bug);
                }
            }
        }
    }
}
