package org.koops.server;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On H2 the writer's update of a facet row finds the row through an index of all three of its key's columns
 * from the first statement on a new database: a connection keeps the plan it prepared first, and one made
 * before H2 had analysed the table read all the bug's rows through the index on {@code bug_id} alone.
 */
class FacetUpdatePlanTest {
    @TempDir
    Path dir;

    @Test
    void theFacetCounterUpdateFindsItsRowByTheWholeKeyOnANewDatabase() throws Exception {
        try (Database db = Database.open(TestDatabases.h2(dir), null, null, 2); Connection c = db.connection()) {
            assertThat(planOf(c)).contains("FACET_VALUE = ?6");
            try (Statement s = c.createStatement()) { // as the first crashes leave it: one bug, a host a row
                s.execute("INSERT INTO bug (id, title, kind, status, crash_count, host_count, release_count,"
                        + " first_seen, last_seen) VALUES (1, 't', 'WARNING', 'open', 1, 1, 1, NOW(), NOW())");
                for (int i = 0; i < 300; i++) {
                    s.execute("INSERT INTO bug_facet (bug_id, facet, facet_value, crash_count, first_seen, last_seen)"
                            + " VALUES (1, 'host', 'host-" + i + "', 1, NOW(), NOW())");
                }
            }
            assertThat(planOf(c)).contains("FACET_VALUE = ?6");
        }
    }

    /** The index H2 reads and the conditions it reads it by: the comment its plan opens with. */
    private static String planOf(Connection c) throws Exception {
        try (PreparedStatement p = c.prepareStatement("EXPLAIN " + BugCounts.UPDATE_FACET)) {
            p.setLong(1, 1);
            p.setObject(2, null);
            p.setObject(3, null);
            p.setLong(4, 1);
            p.setString(5, Facet.HOST.id);
            p.setString(6, "host-5");
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                String plan = rs.getString(1).replaceAll("\\s+", " ");
                return plan.substring(plan.indexOf("/*"), plan.indexOf("*/") + 2);
            }
        }
    }
}
