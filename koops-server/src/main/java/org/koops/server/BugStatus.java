package org.koops.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Triage: a bug's status, the note saying why, the original of a duplicate, and the fix of a fixed bug.
 *
 * <p>A fix names its commit, the first kernel release that holds it and a tracker link, each optional.
 * A bug marked fixed in a release the fleet does not run yet is {@code fix-pending}; it is {@code fixed}
 * (closed) once a crash of any bug names that release or a later one ({@code fleet_release}). A fixed or
 * pending bug that crashes again on a release holding the fix (on any release, for a fix without one)
 * is open again as a regression ({@link BugCounts}).
 */
final class BugStatus {
    /** The statuses a person sets; {@code fix-pending} follows from {@code fixed} and the fleet. */
    static final List<String> VALUES = List.of("open", "fixed", "invalid", "duplicate");
    static final int NOTE_WIDTH = 4000;
    static final int COMMIT_WIDTH = 200;
    static final int LINK_WIDTH = 1000;

    /**
     * A change of a bug's triage.
     *
     * @param duplicateOf the bug it duplicates, only with {@code duplicate}
     * @param fixCommit   the commit that fixes it ({@code 1a2b3c4d}, or a title), or {@code null}
     * @param fixRelease  the first kernel release with the fix, in the fleet's {@code uname -r} terms, or
     *                    {@code null}
     * @param fixLink     where the fix is tracked ({@code https://...}), or {@code null}
     */
    record Change(String status, String note, Long duplicateOf, String fixCommit, String fixRelease,
                  String fixLink) {
        static Change of(String status, String note, Long duplicateOf) {
            return new Change(status, note, duplicateOf, null, null, null);
        }
    }

    private BugStatus() {
    }

    /**
     * Sets the status of a bug; {@code duplicateOf} names the bug it duplicates, and only with
     * {@code duplicate}. Returns false when there is no such bug. Runs in a transaction of its own, with
     * both bugs locked, so that two changes at once cannot make a cycle.
     *
     * <p>A duplicate points at an original that is not itself a duplicate, and a bug that has duplicates
     * does not become one: chains and cycles of duplicates cannot arise, and a crash of a duplicate is
     * counted in its original in one step.
     *
     * @throws IllegalArgumentException with a message for the user when the change makes no sense
     */
    static boolean change(Connection c, long bug, Change change, Instant now) throws SQLException {
        String status = change.status();
        String note = change.note();
        Long duplicateOf = change.duplicateOf();
        if (!VALUES.contains(status)) {
            throw new IllegalArgumentException("status must be one of " + String.join(", ", VALUES));
        }
        if (status.equals("duplicate") != (duplicateOf != null)) {
            throw new IllegalArgumentException("a duplicate names the bug it duplicates, and only a duplicate does");
        }
        if (note != null && note.length() > NOTE_WIDTH) {
            throw new IllegalArgumentException("the note is longer than " + NOTE_WIDTH + " characters");
        }
        if (duplicateOf != null && duplicateOf == bug) {
            throw new IllegalArgumentException("a bug cannot be a duplicate of itself");
        }
        String commit = blankToNull(change.fixCommit());
        String release = blankToNull(change.fixRelease());
        String link = blankToNull(change.fixLink());
        if (commit != null && commit.length() > COMMIT_WIDTH || release != null
                && release.length() > CrashFacts.NAME_WIDTH || link != null && link.length() > LINK_WIDTH) {
            throw new IllegalArgumentException("the fix's commit, release or link is too long (" + COMMIT_WIDTH + ", "
                    + CrashFacts.NAME_WIDTH + ", " + LINK_WIDTH + " characters)");
        }
        if (link != null && !link.matches("(?i)https?://\\S+")) {
            throw new IllegalArgumentException("the fix's link must be an http:// or https:// address");
        }
        Change checked = new Change(status, note, duplicateOf, commit, release, link);
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            boolean changed = changeLocked(c, bug, checked, now);
            c.commit();
            return changed;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static boolean changeLocked(Connection c, long bug, Change change, Instant now) throws SQLException {
        Long duplicateOf = change.duplicateOf();
        // Locked in id order, as every writer of two bugs does, so that two changes cannot deadlock.
        Map<Long, Long> locked = new HashMap<>(); // id -> the bug it duplicates, or 0
        Map<Long, String> statuses = new HashMap<>();
        for (Object[] row : Sql.list(c, "SELECT id, CASE WHEN status = 'duplicate' THEN duplicate_of ELSE 0 END,"
                + " status FROM bug WHERE id IN (?, ?) ORDER BY id FOR UPDATE", rs -> new Object[] {rs.getLong(1),
                rs.getLong(2), rs.getString(3)}, bug, duplicateOf == null ? bug : duplicateOf)) {
            locked.put((Long) row[0], (Long) row[1]);
            statuses.put((Long) row[0], (String) row[2]);
        }
        if (!locked.containsKey(bug)) {
            return false;
        }
        if (duplicateOf != null) {
            Long originalOfOriginal = locked.get(duplicateOf);
            if (originalOfOriginal == null) {
                throw new IllegalArgumentException("there is no bug " + duplicateOf);
            }
            if (originalOfOriginal != 0) {
                throw new IllegalArgumentException("bug " + duplicateOf + " is itself a duplicate of bug "
                        + originalOfOriginal + ": mark this one a duplicate of bug " + originalOfOriginal);
            }
            List<Long> duplicates = Sql.list(c, "SELECT id FROM bug WHERE duplicate_of = ? AND status = 'duplicate'"
                    + " ORDER BY id", rs -> rs.getLong(1), bug);
            if (!duplicates.isEmpty()) {
                String ids = duplicates.stream().map(String::valueOf).collect(Collectors.joining(", "));
                throw new IllegalArgumentException(duplicates.size() == 1
                        ? "bug " + ids + " is a duplicate of bug " + bug + ": mark it a duplicate of bug "
                                + duplicateOf + " first"
                        : "bugs " + ids + " are duplicates of bug " + bug + ": mark them duplicates of bug "
                                + duplicateOf + " first");
            }
        }
        String status = change.status();
        if (status.equals("fixed") && change.fixRelease() != null && !fleetRuns(c, change.fixRelease())) {
            status = "fix-pending";
        }
        boolean changed = Sql.update(c, "UPDATE bug SET status = ?, status_note = ?, status_at = ?, duplicate_of = ?,"
                + " fix_commit = ?, fix_release = ?, fix_link = ?, regression_at = NULL WHERE id = ?", status,
                blankToNull(change.note()), now, duplicateOf, change.fixCommit(), change.fixRelease(),
                change.fixLink(), bug) == 1;
        if (changed) {
            StatusCounts counts = new StatusCounts(StatusCounts.Counted.BUGS);
            counts.moved(statuses.get(bug), status);
            counts.write(c);
        }
        return changed;
    }

    /** Whether a crash has named {@code release} or a later one. */
    private static boolean fleetRuns(Connection c, String release) throws SQLException {
        return Sql.one(c, "SELECT 1 FROM fleet_release WHERE sort_key >= ? FETCH FIRST 1 ROWS ONLY",
                rs -> rs.getInt(1), ReleaseOrder.key(release)).isPresent();
    }

    /**
     * Closes the bugs whose fix is pending when the fleet now runs a release that holds it, each counted in
     * {@code counts} as it changes.
     */
    static void closeFixesTheFleetRuns(Connection c, StatusCounts counts) throws SQLException {
        for (Object[] pending : Sql.list(c, "SELECT id, fix_release FROM bug WHERE status = 'fix-pending' ORDER BY id",
                rs -> new Object[] {rs.getLong(1), rs.getString(2)})) {
            if (fleetRuns(c, (String) pending[1]) && Sql.update(c, "UPDATE bug SET status = 'fixed' WHERE id = ?"
                    + " AND status = 'fix-pending'", pending[0]) == 1) {
                counts.moved("fix-pending", "fixed");
            }
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
