package org.koops.server;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each facet row counts its crashes, whether a commit makes it or finds it (on PostgreSQL both in one
 * statement that tells the new rows from the known by their counts), and the bug counts its hosts and
 * releases from the new rows.
 */
class FacetCountsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void eachFacetRowCountsItsCrashesWhetherItIsNewOrKnown(String vendor) throws Exception {
        String url = TestDatabases.of(vendor, dir);
        try (TestServer t = TestServer.start(url); Connection c = t.server.database().connection()) {
            assertThat(Database.Vendor.of(c)).isEqualTo(Database.Vendor.of(url)).isEqualTo(t.server.database().vendor());
            List<String> hosts = List.of("web-1", "web-2", "web-1", "db-1", "web-2", "web-3");
            List<Integer> days = List.of(1, 2, 3, 1, 1, 3); // web-2's second crash is earlier than its first
            for (int n = 0; n < hosts.size(); n++) {
                t.http.submit(t.submitter, "host=" + hosts.get(n) + "&time=2024-05-0" + days.get(n) + "T10:00:00Z&tag=a"
                        + (n % 2 == 0 ? "" : "&tag=c"), TestLogs.sampleVariant(n + 1));
            }
            Map<String, String> counted = new TreeMap<>();
            Sql.list(c, "SELECT facet, facet_value, crash_count, first_seen, last_seen FROM bug_facet",
                    rs -> counted.put(rs.getString(1) + "=" + rs.getString(2), rs.getLong(3) + " "
                            + Sql.instant(rs, "first_seen").toString().substring(0, 10) + " "
                            + Sql.instant(rs, "last_seen").toString().substring(0, 10)));

            assertThat(counted).containsEntry("host=web-1", "2 2024-05-01 2024-05-03")
                    .containsEntry("host=web-2", "2 2024-05-01 2024-05-02").containsEntry("host=web-3",
                            "1 2024-05-03 2024-05-03").containsEntry("host=db-1", "1 2024-05-01 2024-05-01")
                    .containsEntry("host-group=web-#", "5 2024-05-01 2024-05-03")
                    .containsEntry("host-group=db-#", "1 2024-05-01 2024-05-01")
                    .containsEntry("day=2024-05-01", "3 2024-05-01 2024-05-01")
                    .containsEntry("tag=a", "6 2024-05-01 2024-05-03").containsEntry("tag=c", "3 2024-05-01 2024-05-03");
            assertThat(Sql.one(c, "SELECT crash_count, host_count, release_count FROM bug",
                    rs -> rs.getLong(1) + " " + rs.getLong(2) + " " + rs.getLong(3))).contains("6 4 1");
        }
    }
}
