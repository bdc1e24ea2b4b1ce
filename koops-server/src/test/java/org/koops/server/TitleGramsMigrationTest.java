package org.koops.server;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The migration that made the search's trigram tables fills them for the titles filed before it with
 * exactly the rows and counts the server adds when it files those titles itself.
 */
class TitleGramsMigrationTest {
    /** Bug id and title: alternative titles, letters of both cases, a title shorter than a gram. */
    private static final Object[][] TITLES = {
        {1L, "KASAN: use-after-free Read in ext4_fill_super"},
        {1L, "KASAN: use-after-free Read in ext4_xattr_get"},
        {2L, "WARNING in __queue_work"},
        {2L, "BUG: unable to handle kernel NULL pointer dereference in __queue_work"},
        {3L, "BUG"},
        {3L, "Ab"},
    };

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void theTitlesFiledBeforeTheMigrationGetTheGramsAndCountsFilingWouldGiveThem(String database) throws Exception {
        String url = TestDatabases.of(database, dir.resolve("before"));
        Database.Vendor vendor = Database.Vendor.of(url);
        Flyway.configure().dataSource(url, user(vendor), "").locations("classpath:org/koops/server/db")
                .placeholders(Map.of("binary", vendor.binaryType)).target("11").load().migrate();
        try (Connection c = DriverManager.getConnection(url, user(vendor), "")) {
            addBugsAndTitles(c);
        }
        List<Object[]> filed = new ArrayList<>();
        for (Object[] t : TITLES) {
            filed.add(new Object[] {t[1], t[0]});
        }
        try (Database migrated = Database.open(url, user(vendor), null, 2); Connection c = migrated.connection();
             Database fresh = Database.open(TestDatabases.h2(dir.resolve("fresh")), null, null, 2);
             Connection f = fresh.connection()) {
            addBugs(f);
            TitleGrams.add(f, filed);

            assertThat(rows(c)).isNotEmpty().isEqualTo(rows(f));
            assertThat(counts(c)).isNotEmpty().isEqualTo(counts(f));
            assertThat(counts(c)).contains("kas 2", "_qu 2", "bug 2").noneMatch(row -> row.startsWith("ab "));
        }
    }

    private static String user(Database.Vendor vendor) {
        return vendor == Database.Vendor.H2 ? "sa" : "postgres";
    }

    private static void addBugsAndTitles(Connection c) throws SQLException {
        addBugs(c);
        for (Object[] t : TITLES) {
            Sql.update(c, "INSERT INTO bug_title (title, bug_id) VALUES (?, ?)", t[1], t[0]);
        }
    }

    private static void addBugs(Connection c) throws SQLException {
        Instant t0 = Instant.parse("2024-05-01T00:00:00Z");
        for (long bug = 1; bug <= 3; bug++) {
            Sql.update(c, "INSERT INTO bug (id, title, kind, status, crash_count, host_count, release_count,"
                    + " first_seen, last_seen) VALUES (?, ?, 'WARNING', 'open', 0, 0, 0, ?, ?)", bug, "bug " + bug, t0, t0);
        }
    }

    private static List<String> rows(Connection c) throws SQLException {
        // Sorted here: the two databases' collations may order the same strings differently.
        return Sql.list(c, "SELECT gram, title, bug_id FROM bug_title_gram",
                rs -> rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getLong(3)).stream().sorted().toList();
    }

    private static List<String> counts(Connection c) throws SQLException {
        return Sql.list(c, "SELECT gram, titles FROM bug_title_gram_count",
                rs -> rs.getString(1) + " " + rs.getLong(2)).stream().sorted().toList();
    }
}
