package org.koops.server;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bug's page reads its first crash, its latest and its latest 1,000 in the order of the index on (bug,
 * time, id), so that the database stops after the rows it needs: ordered otherwise, H2 read and sorted
 * every crash of the bug, more than half a second for a bug of 100,000 crashes.
 */
class CrashOrderTest {
    @TempDir
    Path dir;

    @Test
    void aBugsCrashesAreReadInTheOrderOfTheirIndex() throws Exception {
        try (Database db = Database.open(TestDatabases.h2(dir), null, null, 2); Connection c = db.connection()) {
            new SyntheticCrashes().fill(c, 10, 4_000); // the plan follows the table's size: not an empty one
            for (String sql : List.of(Queries.CRASHES_LATEST_FIRST + " FETCH FIRST 1000 ROWS ONLY",
                    Queries.CRASHES_EARLIEST_FIRST + " FETCH FIRST 1 ROWS ONLY",
                    Queries.CRASHES_LATEST_FIRST + " OFFSET 50 ROWS FETCH NEXT 50 ROWS ONLY", Queries.GROUPED_CRASHES)) {
                String plan = Sql.one(c, "EXPLAIN " + sql.replace("?", "1"), rs -> rs.getString(1)).orElseThrow();
                assertThat(plan).as(sql).contains("PUBLIC.CRASH_BUG_TIME_ID: BUG_ID = ").contains("/* index sorted */");
            }
        }
    }
}
