package org.koops.server;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bug's host groups are counters kept as its crashes come (facet {@code host-group}), always the sums of
 * its hosts' counters grouped by name; the migration that made them groups the hosts counted before.
 */
class HostGroupsTest {
    @TempDir
    Path dir;

    @Test
    void eachCrashCountsInItsHostsGroupOnceAndThePageReadsTheGroups() throws Exception {
        try (TestServer t = TestServer.start(TestDatabases.h2(dir))) {
            long bug = t.http.submit(t.submitter, "host=web-07&time=2024-05-01T10:00:00Z", TestLogs.sampleVariant(1))
                    .json().at("/crashes/0/bug").asLong();
            t.http.submit(t.submitter, "host=web-07&time=2024-05-01T10:00:00Z", TestLogs.sampleVariant(1)); // again
            t.http.submit(t.submitter, "host=web-12&time=2024-05-03T10:00:00Z", TestLogs.sampleVariant(2));
            t.http.submit(t.submitter, "host=db3&time=2024-05-02T10:00:00Z", TestLogs.sampleVariant(3));
            t.http.submit(t.submitter, "time=2024-05-04T10:00:00Z", TestLogs.sampleVariant(4)); // no host given

            try (Connection c = t.server.database().connection()) {
                assertThat(groups(c, bug)).isEqualTo(Map.of("web-#", 2L, "db#", 1L, "(unknown)", 1L));
                assertThat(groups(c, bug)).isEqualTo(hostsGrouped(c, bug));
            }
            var page = t.http.get("/api/v1/bugs/" + bug).json();
            assertThat(page.at("/hostGroups/0/value").asText()).isEqualTo("web-#");
            assertThat(page.at("/hostGroups/0/crashes").asLong()).isEqualTo(2);
            assertThat(page.at("/hostGroups/0/firstSeen").asText()).isEqualTo("2024-05-01T10:00:00Z");
            assertThat(page.at("/hostGroups/0/lastSeen").asText()).isEqualTo("2024-05-03T10:00:00Z");
            assertThat(page.get("hostGroups")).hasSize(3);
            assertThat(page.get("breakdowns").findValuesAsText("facet")).doesNotContain("host-group", "day");
        }
    }

    @Test
    void theMigrationGroupsTheHostsCountedBeforeIt() throws Exception {
        String url = TestDatabases.h2(dir);
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:org/koops/server/db")
                .placeholders(Map.of("binary", Database.Vendor.H2.binaryType)).target("8").load().migrate();
        Instant t0 = Instant.parse("2024-05-01T00:00:00Z");
        try (Connection c = java.sql.DriverManager.getConnection(url, "sa", "")) { // the counters kept before
            for (long bug = 1; bug <= 2; bug++) {
                Sql.update(c, "INSERT INTO bug (id, title, kind, status, crash_count, host_count, release_count,"
                        + " first_seen, last_seen) VALUES (?, ?, 'WARNING', 'open', 0, 0, 0, ?, ?)", bug, "bug " + bug,
                        t0, t0);
            }
            Object[][] hosts = {{1L, "web-07", 2L, 60L, 300L}, {1L, "web-12", 1L, 120L, 500L}, {1L, "db1", 4L, 0L, 10L},
                {2L, "web-3", 1L, 0L, 0L}};
            for (Object[] h : hosts) {
                Sql.update(c, "INSERT INTO bug_facet (bug_id, facet, facet_value, crash_count, first_seen, last_seen)"
                        + " VALUES (?, 'host', ?, ?, ?, ?)", h[0], h[1], h[2], t0.plusSeconds((Long) h[3]),
                        t0.plusSeconds((Long) h[4]));
            }
        }
        try (Database db = Database.open(url, null, null, 2); Connection c = db.connection()) {
            assertThat(groups(c, 1)).isEqualTo(Map.of("web-#", 3L, "db#", 4L));
            assertThat(Sql.one(c, "SELECT first_seen FROM bug_facet WHERE bug_id = 1 AND facet = 'host-group'"
                    + " AND facet_value = 'web-#'", rs -> Sql.instant(rs, "first_seen")).orElseThrow())
                    .isEqualTo(t0.plusSeconds(60));
            assertThat(Sql.one(c, "SELECT last_seen FROM bug_facet WHERE bug_id = 1 AND facet = 'host-group'"
                    + " AND facet_value = 'web-#'", rs -> Sql.instant(rs, "last_seen")).orElseThrow())
                    .isEqualTo(t0.plusSeconds(500));
            assertThat(groups(c, 2)).isEqualTo(Map.of("web-#", 1L));
        }
    }

    private static Map<String, Long> groups(Connection c, long bug) throws Exception {
        Map<String, Long> groups = new TreeMap<>();
        Sql.list(c, "SELECT facet_value, crash_count FROM bug_facet WHERE bug_id = ? AND facet = 'host-group'",
                rs -> groups.put(rs.getString(1), rs.getLong(2)), bug);
        return groups;
    }

    private static Map<String, Long> hostsGrouped(Connection c, long bug) throws Exception {
        Map<String, Long> groups = new TreeMap<>();
        Sql.list(c, "SELECT facet_value, crash_count FROM bug_facet WHERE bug_id = ? AND facet = 'host'",
                rs -> groups.merge(HostGroup.of(rs.getString(1)), rs.getLong(2), Long::sum), bug);
        return groups;
    }
}
