package org.koops.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One triage applied to many bugs: a status (with its note, original or fix) and labels to add or remove.
 * Each bug is changed in its own transaction; a bug the change does not fit (a duplicate of itself, no
 * such bug) is reported and the others are changed.
 *
 * @param status       the status change, or {@code null} to leave statuses as they are
 * @param addLabels    labels to put on each bug
 * @param removeLabels labels to take off each bug
 */
record BulkTriage(List<Long> bugs, BugStatus.Change status, List<String> addLabels, List<String> removeLabels) {
    static final int MAX_BUGS = 500;

    /** What became of the bugs: how many changed, and why the others did not. */
    record Outcome(int changed, List<Failure> failures) {
    }

    record Failure(long bug, String error) {
    }

    Outcome apply(Database db, Instant now) throws SQLException {
        if (bugs == null || bugs.isEmpty()) {
            throw new IllegalArgumentException("choose the bugs to change");
        }
        if (bugs.size() > MAX_BUGS) {
            throw new IllegalArgumentException("at most " + MAX_BUGS + " bugs at once");
        }
        int changed = 0;
        List<Failure> failures = new ArrayList<>();
        for (long bug : bugs) {
            try (Connection c = db.connection()) {
                boolean found = status == null || BugStatus.change(c, bug, status, now);
                found &= BugLabels.change(c, bug, or(addLabels), or(removeLabels));
                if (found) {
                    changed++;
                } else {
                    failures.add(new Failure(bug, "no such bug"));
                }
            } catch (IllegalArgumentException e) {
                failures.add(new Failure(bug, e.getMessage()));
            }
        }
        return new Outcome(changed, failures);
    }

    private static List<String> or(List<String> labels) {
        return labels == null ? List.of() : labels;
    }
}
