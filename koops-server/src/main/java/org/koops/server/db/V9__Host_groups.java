package org.koops.server.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.koops.server.HostGroup;

/**
 * A bug's host groups ({@code web-#}) as counters of {@code bug_facet} (facet {@code host-group}), kept
 * as crashes come like the other facets: the bug page read up to 5,000 host rows and grouped them at
 * each view. The groups of the crashes already counted are made here from their hosts' rows, bug by
 * bug, with the rule the server applies ({@link HostGroup}), which no SQL of both databases expresses.
 */
public class V9__Host_groups extends BaseJavaMigration {
    /** A group's crashes and its first and last crash. */
    private static final class Group {
        long crashes;
        OffsetDateTime first;
        OffsetDateTime last;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT bug_id, facet_value, crash_count, first_seen, last_seen"
                     + " FROM bug_facet WHERE facet = 'host' ORDER BY bug_id");
             PreparedStatement insert = c.prepareStatement("INSERT INTO bug_facet (bug_id, facet, facet_value,"
                     + " crash_count, first_seen, last_seen) VALUES (?, 'host-group', ?, ?, ?, ?)")) {
            long bug = -1;
            long bugs = 0;
            Map<String, Group> groups = new TreeMap<>();
            while (rs.next()) {
                if (rs.getLong(1) != bug) {
                    write(insert, bug, groups);
                    bug = rs.getLong(1);
                    if (++bugs % 1000 == 0) {
                        insert.executeBatch();
                    }
                }
                Group g = groups.computeIfAbsent(HostGroup.of(rs.getString(2)), k -> new Group());
                OffsetDateTime first = rs.getObject(4, OffsetDateTime.class);
                OffsetDateTime last = rs.getObject(5, OffsetDateTime.class);
                first = first == null ? last : first;
                g.crashes += rs.getLong(3);
                g.first = g.first == null || first.isBefore(g.first) ? first : g.first;
                g.last = g.last == null || last.isAfter(g.last) ? last : g.last;
            }
            write(insert, bug, groups);
            insert.executeBatch();
        }
    }

    private static void write(PreparedStatement insert, long bug, Map<String, Group> groups) throws SQLException {
        for (Map.Entry<String, Group> e : groups.entrySet()) {
            insert.setLong(1, bug);
            insert.setString(2, e.getKey());
            insert.setLong(3, e.getValue().crashes);
            insert.setObject(4, e.getValue().first);
            insert.setObject(5, e.getValue().last);
            insert.addBatch();
        }
        groups.clear();
    }
}
