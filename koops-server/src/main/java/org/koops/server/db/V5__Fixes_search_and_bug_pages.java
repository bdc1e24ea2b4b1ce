package org.koops.server.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * A bug's fix and what became of it, the facts the bug and crash pages show without analysing logs
 * again, and the keys that search by release range. The release keys of the rows already there are
 * computed here, in Java, as the server computes them ({@code ReleaseOrder}): no SQL of either database
 * sorts versions.
 */
public class V5__Fixes_search_and_bug_pages extends BaseJavaMigration {
    private static final String[] DDL = {
        // A fix: the commit, the first release holding it, a tracker link; and when the bug came back.
        "ALTER TABLE bug ADD COLUMN fix_commit VARCHAR(200)",
        "ALTER TABLE bug ADD COLUMN fix_release VARCHAR(255)",
        "ALTER TABLE bug ADD COLUMN fix_link VARCHAR(1000)",
        "ALTER TABLE bug ADD COLUMN regression_at TIMESTAMP WITH TIME ZONE",
        "ALTER TABLE bug ADD COLUMN guilty_file VARCHAR(255)",
        "CREATE INDEX bug_culprit_function ON bug (culprit_function)",
        "CREATE INDEX bug_guilty_file ON bug (guilty_file)",
        "CREATE INDEX bug_kind ON bug (kind, last_seen)",
        // What a crash's page and its bug's page show of it.
        "ALTER TABLE crash ADD COLUMN cause VARCHAR(40)",
        "ALTER TABLE crash ADD COLUMN guilty_file VARCHAR(255)",
        "ALTER TABLE crash ADD COLUMN top_frames VARCHAR(2000)",
        // When each value was first seen (first seen in release ...), and releases in version order.
        "ALTER TABLE bug_facet ADD COLUMN first_seen TIMESTAMP WITH TIME ZONE",
        "ALTER TABLE bug_facet ADD COLUMN sort_key VARCHAR(255)",
        "UPDATE bug_facet SET first_seen = last_seen",
        "CREATE INDEX bug_facet_sort ON bug_facet (facet, sort_key, bug_id)",
        // The releases the fleet runs, as crashes name them: a fix closes its bug once one of them holds it.
        "CREATE TABLE fleet_release (kernel_release VARCHAR(255) PRIMARY KEY, sort_key VARCHAR(255) NOT NULL,"
                + " first_seen TIMESTAMP WITH TIME ZONE NOT NULL, last_seen TIMESTAMP WITH TIME ZONE NOT NULL)",
    };

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        try (Statement s = c.createStatement()) {
            for (String ddl : DDL) {
                s.execute(ddl);
            }
        }
        List<String> releases = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT DISTINCT facet_value FROM bug_facet WHERE facet = 'release'")) {
            while (rs.next()) {
                releases.add(rs.getString(1));
            }
        }
        try (PreparedStatement key = c.prepareStatement("UPDATE bug_facet SET sort_key = ? WHERE facet = 'release'"
                + " AND facet_value = ?");
             PreparedStatement fleet = c.prepareStatement("INSERT INTO fleet_release (kernel_release, sort_key,"
                     + " first_seen, last_seen) SELECT ?, ?, MIN(first_seen), MAX(last_seen) FROM bug_facet"
                     + " WHERE facet = 'release' AND facet_value = ?")) {
            for (String release : releases) {
                String sortKey = org.koops.server.ReleaseOrder.key(release);
                key.setString(1, sortKey);
                key.setString(2, release);
                key.executeUpdate();
                if (!release.equals("(unknown)")) {
                    fleet.setString(1, release);
                    fleet.setString(2, sortKey);
                    fleet.setString(3, release);
                    fleet.executeUpdate();
                }
            }
        }
    }
}
