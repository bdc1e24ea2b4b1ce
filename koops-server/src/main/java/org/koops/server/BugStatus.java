package org.koops.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** Triage: a bug's status and the note saying why. */
final class BugStatus {
    static final List<String> VALUES = List.of("open", "fixed", "invalid", "duplicate");
    static final int NOTE_WIDTH = 4000;

    private BugStatus() {
    }

    /**
     * Sets the status of a bug; {@code duplicateOf} names the bug it duplicates, and only with
     * {@code duplicate}. Returns false when there is no such bug.
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
        if (duplicateOf != null && (duplicateOf == bug
                || Sql.one(c, "SELECT id FROM bug WHERE id = ?", rs -> rs.getLong(1), duplicateOf).isEmpty())) {
            throw new IllegalArgumentException("bug " + duplicateOf + " cannot be the original of bug " + bug);
        }
        return Sql.update(c, "UPDATE bug SET status = ?, status_note = ?, status_at = ?, duplicate_of = ? WHERE id = ?",
                status, note == null || note.isBlank() ? null : note.strip(), now, duplicateOf, bug) == 1;
    }
}
