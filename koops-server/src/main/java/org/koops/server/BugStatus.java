package org.koops.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Triage: a bug's status and the note saying why. */
final class BugStatus {
    static final List<String> VALUES = List.of("open", "fixed", "invalid", "duplicate");
    static final int NOTE_WIDTH = 4000;

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
    static boolean change(Connection c, long bug, String status, String note, Long duplicateOf, Instant now)
            throws SQLException {
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
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            boolean changed = changeLocked(c, bug, status, note, duplicateOf, now);
            c.commit();
            return changed;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static boolean changeLocked(Connection c, long bug, String status, String note, Long duplicateOf,
                                        Instant now) throws SQLException {
        // Locked in id order, as every writer of two bugs does, so that two changes cannot deadlock.
        Map<Long, Long> locked = new HashMap<>(); // id -> the bug it duplicates, or 0
        for (long[] row : Sql.list(c, "SELECT id, CASE WHEN status = 'duplicate' THEN duplicate_of ELSE 0 END"
                + " FROM bug WHERE id IN (?, ?) ORDER BY id FOR UPDATE", rs -> new long[] {rs.getLong(1),
                rs.getLong(2)}, bug, duplicateOf == null ? bug : duplicateOf)) {
            locked.put(row[0], row[1]);
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
        return Sql.update(c, "UPDATE bug SET status = ?, status_note = ?, status_at = ?, duplicate_of = ? WHERE id = ?",
                status, note == null || note.isBlank() ? null : note.strip(), now, duplicateOf, bug) == 1;
    }
}
