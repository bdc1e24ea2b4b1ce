package org.koops.server;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
                    Queries.CRASHES_LATEST_FIRST + " OFFSET 50 ROWS FETCH NEXT 50 ROWS ONLY", Queries.GROUPED_CRASHES,
                    Queries.CRASH_KEY_AT.replace("OFFSET ?", "OFFSET 50"),
                    Queries.CRASH_KEY_AT_FROM_EARLIEST.replace("OFFSET ?", "OFFSET 50"))) {
                String plan = Sql.one(c, "EXPLAIN " + sql.replace("?", "1"), rs -> rs.getString(1)).orElseThrow();
                assertThat(plan).as(sql).contains("PUBLIC.CRASH_BUG_TIME_ID: BUG_ID = ").contains("/* index sorted */");
            }
            Instant time = Instant.parse("2025-06-01T12:00:00Z");
            for (String sql : List.of(Queries.CRASHES_OLDER, Queries.CRASHES_NEWER, Queries.CRASHES_FROM)) { // keyset
                String plan = Sql.one(c, "EXPLAIN " + sql, rs -> rs.getString(1), 1L, time, time, 100L, 50)
                        .orElseThrow();
                assertThat(plan).as(sql).contains("PUBLIC.CRASH_BUG_TIME_ID: BUG_ID = ").contains("AND CRASH_TIME ")
                        .contains("/* index sorted */");
            }
        }
    }

    /**
     * A page read by its number skips the crashes before it in the index alone: on PostgreSQL, without
     * visiting the table, which made the last page of a bug of 100,000 crashes ten times cheaper.
     */
    @Test
    void aPageByItsNumberSkipsTheCrashesBeforeItInTheIndexAlone() throws Exception {
        try (Database db = Database.open(TestDatabases.postgres(), null, null, 2); Connection c = db.connection()) {
            new SyntheticCrashes().fill(c, 10, 4_000);
            c.commit();
            c.setAutoCommit(true);
            Sql.update(c, "VACUUM ANALYZE crash"); // what autovacuum does to a table that grew
            for (String sql : List.of(Queries.CRASH_KEY_AT, Queries.CRASH_KEY_AT_FROM_EARLIEST)) {
                String plan = String.join("\n", Sql.list(c, "EXPLAIN " + sql, rs -> rs.getString(1), 1L, 200L));
                assertThat(plan).as(sql).contains("Index Only Scan").contains("using crash_bug_time_id");
            }
        }
    }

    /**
     * Pages read from the crash before or after them (keyset pages) hold the same crashes as pages read by
     * their number, and both the crashes in their order, crashes of the same time included, forwards and
     * backwards.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void keysetPagesAreThePagesByNumber(String vendor) throws Exception {
        try (Database db = Database.open(TestDatabases.of(vendor, dir), null, null, 2); Connection c = db.connection()) {
            new SyntheticCrashes().fill(c, 10, 4_000);
            Sql.update(c, "UPDATE crash SET crash_time = ? WHERE bug_id = 2 AND MOD(id, 3) = 0",
                    Instant.parse("2025-06-01T12:00:00Z"));
            c.commit();
            long total = Sql.one(c, "SELECT COUNT(*) FROM crash WHERE bug_id = 2", rs -> rs.getLong(1)).orElseThrow();
            int perPage = 7;
            int pages = (int) ((total + perPage - 1) / perPage);
            assertThat(pages).isGreaterThan(20);
            List<Views.Crash> byNumber = new java.util.ArrayList<>();
            for (int p = 1; p <= pages; p++) {
                byNumber.addAll(Queries.crashesOfBug(c, 2, total, p, perPage).items());
            }
            assertThat(byNumber).extracting(Views.Crash::id).isEqualTo(Sql.list(c, "SELECT id FROM crash"
                    + " WHERE bug_id = 2 ORDER BY crash_time DESC, id DESC", rs -> rs.getLong(1)));
            List<Views.Crash> forwards = new java.util.ArrayList<>(Queries.crashesOfBug(c, 2, total, 1, perPage).items());
            for (int p = 2; p <= pages; p++) {
                Views.PageOf<Views.Crash> page = Queries.crashesOfBug(c, 2, total, p, perPage,
                        forwards.get(forwards.size() - 1).id(), null);
                assertThat(page.page()).isEqualTo(p);
                forwards.addAll(page.items());
            }
            assertThat(forwards).isEqualTo(byNumber);
            List<Views.Crash> backwards = new java.util.ArrayList<>(Queries.crashesOfBug(c, 2, total, pages, perPage)
                    .items());
            for (int p = pages - 1; p >= 1; p--) {
                backwards.addAll(0, Queries.crashesOfBug(c, 2, total, p, perPage, null, backwards.get(0).id()).items());
            }
            assertThat(backwards).isEqualTo(byNumber);
            long otherBugsCrash = Sql.one(c, "SELECT MIN(id) FROM crash WHERE bug_id = 3", rs -> rs.getLong(1))
                    .orElseThrow();
            assertThat(Queries.crashesOfBug(c, 2, total, 3, perPage, otherBugsCrash, null).items())
                    .as("a crash of another bug: the page by its number").isEqualTo(byNumber.subList(14, 21));
            assertThat(Queries.crashesOfBug(c, 2, total, pages + 5, perPage, byNumber.get((int) total - 1).id(), null)
                    .page()).as("nothing after the last crash: the last page").isEqualTo(pages);
        }
    }
}
