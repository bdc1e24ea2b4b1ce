package org.koops.server;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The chore that does the compaction H2's own thread does not do under {@code WRITE_DELAY=0}. */
class H2CompactionTest {
    @TempDir
    Path dir;

    @Test
    void aFileOfManySmallCommitsIsCompactedToMostlyLiveChunks() throws SQLException {
        try (Database db = Database.open(TestDatabases.h2(dir), null, null, 2)) {
            long before;
            try (Connection c = db.connection()) {
                MVStore store = H2Compaction.storeOf(c);
                store.setRetentionTime(0); // dead chunks are reused at once, not 45 s later
                Sql.update(c, "CREATE TABLE counter (id INT PRIMARY KEY, n BIGINT, note VARCHAR(200))");
                Sql.update(c, "INSERT INTO counter VALUES (0, 0, '')");
                // Each commit a chunk: the row inserted stays live in it, the counter's page dies at the next.
                for (int i = 1; i <= 2_000; i++) {
                    Sql.update(c, "INSERT INTO counter VALUES (?, 0, ?)", i, "row " + i + " ".repeat(100));
                    Sql.update(c, "UPDATE counter SET n = n + 1 WHERE id = 0");
                }
                assertThat(store.getFileStore().getChunksFillRate()).isLessThan(50);
                before = store.getFileStore().size();
            }

            int steps = 0;
            for (int turn = 0; turn < 3; turn++) {
                steps += H2Compaction.run(db);
            }

            assertThat(steps).isPositive();
            try (Connection c = db.connection()) {
                MVStore store = H2Compaction.storeOf(c);
                assertThat(store.getFileStore().getChunksFillRate()).isGreaterThanOrEqualTo(80);
                assertThat(store.getFileStore().size()).isLessThan(before / 2);
                assertThat(Sql.one(c, "SELECT n FROM counter WHERE id = 0", rs -> rs.getLong(1))).contains(2_000L);
            }
        }
    }
}
