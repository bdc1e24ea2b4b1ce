package org.koops.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Labels people put on bugs ({@code team-storage}, {@code needs-repro}): words, as tags are. */
final class BugLabels {
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._:/=+-]{1,64}");
    static final int MAX_PER_BUG = 20;

    private BugLabels() {
    }

    /** Adds and removes labels of a bug; false when there is no such bug. */
    static boolean change(Connection c, long bug, Collection<String> add, Collection<String> remove)
            throws SQLException {
        for (String label : add) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("a label is 1 to 64 of A-Z a-z 0-9 . _ : / = + -, not " + label);
            }
        }
        if (Sql.one(c, "SELECT id FROM bug WHERE id = ?", rs -> rs.getLong(1), bug).isEmpty()) {
            return false;
        }
        List<String> now = of(c, List.of(bug)).getOrDefault(bug, List.of());
        for (String label : remove) {
            Sql.update(c, "DELETE FROM bug_label WHERE bug_id = ? AND label = ?", bug, label);
        }
        List<String> added = add.stream().distinct().filter(l -> !now.contains(l)).toList();
        if (now.stream().filter(l -> !remove.contains(l)).count() + added.size() > MAX_PER_BUG) {
            throw new IllegalArgumentException("a bug has at most " + MAX_PER_BUG + " labels");
        }
        for (String label : added) {
            Sql.update(c, "INSERT INTO bug_label (bug_id, label) VALUES (?, ?)", bug, label);
        }
        return true;
    }

    /** The labels of the bugs, in order. */
    static Map<Long, List<String>> of(Connection c, List<Long> bugs) throws SQLException {
        Map<Long, List<String>> labels = new HashMap<>();
        if (bugs.isEmpty()) {
            return labels;
        }
        Sql.list(c, "SELECT bug_id, label FROM bug_label WHERE bug_id IN (" + Sql.placeholders(bugs.size())
                + ") ORDER BY bug_id, label", rs -> labels.computeIfAbsent(rs.getLong(1), b -> new ArrayList<>())
                .add(rs.getString(2)), bugs.toArray());
        return labels;
    }
}
