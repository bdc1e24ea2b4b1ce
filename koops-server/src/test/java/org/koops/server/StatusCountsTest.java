package org.koops.server;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bug list counts its bugs from {@code bug_status_count}: the counts must stay those of the bugs
 * through every way a status changes (a new bug, triage, a fix the fleet comes to run, a regression,
 * a duplicate) and through what changes none (a log sent twice, another crash of a known bug).
 */
class StatusCountsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void theCountsOfEachStatusStayThoseOfTheBugs(String vendor) throws Exception {
        String url = TestDatabases.of(vendor, dir);
        try (TestServer t = TestServer.start(url)) {
            Http http = t.http;
            String admin = "Bearer " + t.admin;
            long bug = http.submit(t.submitter, "host=web-1&time=2024-05-01T10:00:00Z", TestLogs.sampleVariant(1))
                    .json().at("/crashes/0/bug").asLong();
            exact(t, Map.of("open", 1L));
            assertThat(http.submit(t.submitter, "host=web-1&time=2024-05-01T10:00:00Z", TestLogs.sampleVariant(1))
                    .json().get("duplicate").asBoolean()).isTrue();
            http.submit(t.submitter, "host=web-2&time=2024-05-01T11:00:00Z", TestLogs.sampleVariant(2));
            exact(t, Map.of("open", 1L));

            http.post("/api/v1/bugs/" + bug + "/status", "{\"status\":\"fixed\",\"fixRelease\":\"6.1.0-28-amd64\"}",
                    "Authorization", admin);
            exact(t, Map.of("fix-pending", 1L));
            long other = http.submit(t.submitter, "host=web-3", TestLogs.resource("hostile-warning.log")).json()
                    .at("/crashes/0/bug").asLong(); // a new bug, on 6.8: the fleet now runs the fix
            exact(t, Map.of("open", 1L, "fixed", 1L));
            http.submit(t.submitter, "host=web-4", TestLogs.onRelease(TestLogs.sampleVariant(3), "6.1.0-28-amd64"));
            exact(t, Map.of("open", 2L)); // a regression
            http.submit(t.submitter, "host=web-5", TestLogs.onRelease(TestLogs.sampleVariant(4), "6.1.0-28-amd64"));
            exact(t, Map.of("open", 2L));

            http.post("/api/v1/bugs/" + other + "/status", "{\"status\":\"invalid\"}", "Authorization", admin);
            exact(t, Map.of("open", 1L, "invalid", 1L));
            http.post("/api/v1/bugs/" + other + "/status", "{\"status\":\"invalid\"}", "Authorization", admin);
            exact(t, Map.of("open", 1L, "invalid", 1L));
            http.post("/api/v1/bugs/" + other + "/status", "{\"status\":\"duplicate\",\"duplicateOf\":" + bug + "}",
                    "Authorization", admin);
            exact(t, Map.of("open", 1L, "duplicate", 1L));
            assertThat(http.post("/api/v1/bugs/" + bug + "/status", "{\"status\":\"duplicate\",\"duplicateOf\":"
                    + other + "}", "Authorization", admin).status()).as("refused: a duplicate's original").isEqualTo(400);
            exact(t, Map.of("open", 1L, "duplicate", 1L));
        }
    }

    /**
     * The log list counts its logs from {@code log_state_count}: the counts stay those of the logs through a
     * log stored and analysed, one sent twice, one whose analysis fails and one analysed again.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void theCountsOfEachStateStayThoseOfTheLogs(String vendor) throws Exception {
        String url = TestDatabases.of(vendor, dir);
        try (TestServer t = TestServer.start(url)) {
            Http http = t.http;
            http.submit(t.submitter, "host=web-1", TestLogs.sampleVariant(1));
            http.submit(t.submitter, "host=web-1", TestLogs.sampleVariant(1));
            http.submit(t.submitter, "host=web-2", TestLogs.sampleVariant(2));
            logs(t, Map.of("analysed", 2L));
            byte[] notGzip = {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9}; // gzip's header, then no stream
            long broken = http.submit(t.submitter, "host=web-3", notGzip).json().get("log").asLong();
            logs(t, Map.of("analysed", 2L, "failed", 1L));
            assertThat(http.post("/api/v1/logs/" + broken + "/analyse", "", "Authorization", "Bearer " + t.admin)
                    .status()).isEqualTo(200);
            logs(t, Map.of("analysed", 2L, "failed", 1L)); // pending again, then failed again
        }
    }

    /** The log counts are {@code expected} (other states none), those of the logs, and what the list says. */
    private static void logs(TestServer t, Map<String, Long> expected) throws Exception {
        Map<String, Long> counted = new TreeMap<>();
        Map<String, Long> logs = new TreeMap<>();
        try (Connection c = t.server.database().connection()) {
            Sql.list(c, "SELECT state, logs FROM log_state_count WHERE logs <> 0",
                    rs -> counted.put(rs.getString(1), rs.getLong(2)));
            Sql.list(c, "SELECT state, COUNT(*) FROM submitted_log GROUP BY state", rs -> logs.put(rs.getString(1),
                    rs.getLong(2)));
        }
        assertThat(counted).isEqualTo(expected);
        assertThat(logs).isEqualTo(expected);
        for (String state : LogPages.STATES) {
            long total = state.equals("all") ? expected.values().stream().mapToLong(Long::longValue).sum()
                    : expected.getOrDefault(state, 0L);
            assertThat(t.http.get("/api/v1/logs?state=" + state).json().get("total").asLong()).as(state)
                    .isEqualTo(total);
        }
    }

    /** The counts are {@code expected} (other statuses none), those of the bugs, and what the list says. */
    private static void exact(TestServer t, Map<String, Long> expected) throws Exception {
        Map<String, Long> counted = new TreeMap<>();
        Map<String, Long> bugs = new TreeMap<>();
        try (Connection c = t.server.database().connection()) {
            Sql.list(c, "SELECT status, bugs FROM bug_status_count", rs -> counted.put(rs.getString(1), rs.getLong(2)));
            Sql.list(c, "SELECT status, COUNT(*) FROM bug GROUP BY status", rs -> bugs.put(rs.getString(1),
                    rs.getLong(2)));
        }
        Map<String, Long> all = new TreeMap<>();
        for (String status : BugQuery.STATUSES) {
            if (!status.equals("all")) {
                all.put(status, expected.getOrDefault(status, 0L));
            }
        }
        assertThat(counted).isEqualTo(all);
        all.values().removeIf(n -> n == 0);
        assertThat(bugs).isEqualTo(all);
        for (String status : BugQuery.STATUSES) {
            long total = status.equals("all") ? expected.values().stream().mapToLong(Long::longValue).sum()
                    : expected.getOrDefault(status, 0L);
            assertThat(t.http.get("/api/v1/bugs?status=" + status).json().get("total").asLong()).as(status)
                    .isEqualTo(total);
        }
    }
}
