package org.koops.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
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
    private record Owner(String title, long bug, String status) {
        boolean duplicate() {
            return "duplicate".equals(status);
        }
    }

    /** The bug a crash is filed under, and its status when this transaction knows it ({@code null} if not). */
    private record Found(long bug, String status) {
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
        return bugsFor(c, List.of(f), counts)[0];
    }

    /**
     * The bugs of the crashes, as if each was filed after the one before it (a crash may join the bug that
     * an earlier one opened or gave a title): the owners of all their titles are read in one query, and
     * the titles they add written in one batch.
     */
    long[] bugsFor(Connection c, List<CrashFacts> crashes, BugCounts counts) throws SQLException {
        Map<String, Owner> owners = new HashMap<>(); // title -> the bug owning it
        Set<String> wanted = new java.util.LinkedHashSet<>();
        crashes.forEach(f -> wanted.addAll(f.bugTitles()));
        if (!wanted.isEmpty()) {
            Object[] titles = Sql.inList(wanted);
            // The owner's status comes along: only a duplicate needs a second look, and only a fixed bug
            // a regression check.
            for (Owner o : Sql.list(c, "SELECT t.title, t.bug_id, b.status FROM bug_title t JOIN bug b ON b.id = t.bug_id"
                    + " WHERE t.title IN (" + Sql.placeholders(titles.length) + ")", rs -> new Owner(rs.getString(1),
                    rs.getLong(2), rs.getString(3)), titles)) {
                owners.put(o.title, o);
            }
        }
        List<Object[]> newTitles = new ArrayList<>();
        long[] bugs = new long[crashes.size()];
        for (int i = 0; i < bugs.length; i++) {
            CrashFacts f = crashes.get(i);
            Found found = bugFor(c, f, owners, counts);
            long bug = found.bug;
            if (found.status != null) {
                counts.read(bug, found.status);
            }
            for (String title : f.bugTitles()) {
                if (!owners.containsKey(title)) {
                    owners.put(title, new Owner(title, bug, found.status));
                    newTitles.add(new Object[] {title, bug});
                }
            }
            bugs[i] = bug;
        }
        Sql.batch(c, "INSERT INTO bug_title (title, bug_id) VALUES (?, ?)", newTitles);
        TitleGrams.add(c, newTitles); // what the search reads of them
        return bugs;
    }

    /** The bug of one crash, given the owners of the titles known so far. */
    private Found bugFor(Connection c, CrashFacts f, Map<String, Owner> owners, BugCounts counts) throws SQLException {
        List<String> titles = f.bugTitles();
        Owner owner = titles.stream().map(owners::get).filter(o -> o != null).findFirst().orElse(null);
        if (owner != null && !owner.duplicate()) {
            return new Found(owner.bug, owner.status);
        }
        Long bug = null;
        if (owner != null) {
            bug = original(c, owner.bug);
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
            return new Found(bug, "open");
        }
        return new Found(bug, null);
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
