package org.koops.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Files a crash under its bug; {@link BugCounts} counts it there.
 *
 * <p>syzkaller's rule: a crash joins the bug that already owns its title or one of its alternative
 * titles, tried in that order, and the bug then also owns every title of the crash; a crash none of
 * whose titles is known opens a new bug. The titles are those of {@link BugTitles}: never a placeholder
 * such as {@code ... in corrupted}. A crash of a bug marked a duplicate counts in the bug it
 * duplicates. With the similarity merge, a crash without a known title joins
 * a bug of the same kind whose first crash had the same top frames ({@link CrashFacts#framesKey}).
 */
final class BugFiler {
    /** A bug owning one of a crash's titles. */
    private record Owner(String title, long bug, boolean duplicate) {
    }

    private final boolean mergeSimilar;

    BugFiler(boolean mergeSimilar) {
        this.mergeSimilar = mergeSimilar;
    }

    /**
     * The crash's bug, created if needed (and then told to {@code counts}); the bug owns all the crash's
     * titles afterwards.
     */
    long bugFor(Connection c, CrashFacts f, BugCounts counts) throws SQLException {
        List<String> titles = f.bugTitles();
        Map<String, Long> owners = new HashMap<>(); // title -> bug
        Set<Long> duplicates = new HashSet<>();
        // The owner's status comes along: only a duplicate needs a second look.
        for (Owner o : Sql.list(c, "SELECT t.title, t.bug_id, b.status FROM bug_title t JOIN bug b ON b.id = t.bug_id"
                + " WHERE t.title IN (" + Sql.placeholders(titles.size()) + ")", rs -> new Owner(rs.getString(1),
                rs.getLong(2), "duplicate".equals(rs.getString(3))), titles.toArray())) {
            owners.put(o.title, o.bug);
            if (o.duplicate) {
                duplicates.add(o.bug);
            }
        }
        Long bug = titles.stream().map(owners::get).filter(id -> id != null).findFirst().orElse(null);
        if (bug != null) {
            if (duplicates.contains(bug)) {
                bug = original(c, bug);
            }
        } else if (mergeSimilar && f.framesKey() != null) {
            Optional<Long> similar = Sql.one(c, "SELECT id FROM bug WHERE frames_key = ? AND kind = ? ORDER BY id"
                    + " FETCH FIRST 1 ROWS ONLY", rs -> rs.getLong(1), f.framesKey(), f.kind());
            if (similar.isPresent()) {
                bug = original(c, similar.get());
            }
        }
        if (bug == null) {
            bug = Sql.insert(c, """
                    INSERT INTO bug (title, kind, frames_key, culprit_function, culprit_module, guilty_file, status,
                                     crash_count, host_count, release_count, first_seen, last_seen)
                    VALUES (?, ?, ?, ?, ?, ?, 'open', 0, 0, 0, ?, ?)""",
                    titles.get(0), titles.get(0).equals(BugTitles.UNCLASSIFIED) ? "OTHER" : f.kind(),
                    f.framesKey(), f.culpritFunction(), f.culpritModule(), f.guiltyFile(), f.time(), f.time());
            counts.opened(bug);
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
        Set<Long> seen = new HashSet<>();
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
}
