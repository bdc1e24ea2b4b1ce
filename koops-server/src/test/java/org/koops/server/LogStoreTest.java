package org.koops.server;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Storing logs together: each key (the bytes and the host) is stored once, a repeat gets the id of the log it
 * repeats, and the row holds what was submitted, on H2 (keys looked up first) as on PostgreSQL (inserted,
 * skipping the keys held).
 */
class LogStoreTest {
    private static final Instant RECEIVED = Instant.parse("2024-05-01T10:00:00Z");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void eachLogIsStoredOnceForItsHostAndARepeatGetsTheIdOfTheFirst(String vendor) throws Exception {
        String url = TestDatabases.of(vendor, dir);
        try (Database db = Database.open(url, null, null, 2); Connection c = db.connection()) {
            StatusCounts states = new StatusCounts(StatusCounts.Counted.LOGS);
            long before = LogStore.storeAll(c, List.of(log("stored before", "web-1", null)), states).get(0).id();

            List<LogStore.Stored> stored = LogStore.storeAll(c, List.of(
                    log("new", "web-1", LogStore.Outcome.analysed(2)),
                    log("stored before", "web-1", null),
                    log("new", "web-1", null), // sent twice while the first was waiting
                    log("new", "web-2", LogStore.Outcome.failed("too big")),
                    log("new", null, null)), states);

            assertThat(stored.get(0).created()).isTrue();
            assertThat(stored.subList(1, 5)).containsExactly(new LogStore.Stored(before, false),
                    new LogStore.Stored(stored.get(0).id(), false), stored.get(3), stored.get(4));
            assertThat(stored.subList(3, 5)).allMatch(LogStore.Stored::created);
            assertThat(List.of(stored.get(0).id(), stored.get(3).id(), stored.get(4).id())).doesNotHaveDuplicates()
                    .doesNotContain(before);
            assertThat(Sql.list(c, "SELECT host_key, state, report_count, error, notice, log_time, received_at, size"
                            + " FROM submitted_log WHERE id = ?", rs -> List.of(rs.getString(1), rs.getString(2),
                            String.valueOf(rs.getObject(3)), String.valueOf(rs.getString(4)), rs.getString(5),
                            Sql.instant(rs, "log_time").toString(), Sql.instant(rs, "received_at").toString(),
                            rs.getString(8)), stored.get(0).id()))
                    .containsExactly(List.of("web-1", "analysed", "2", "null", "notice of new",
                            "2024-04-30T09:00:00Z", "2024-05-01T10:00:00Z", "3"));
            assertThat(Sql.one(c, "SELECT error FROM submitted_log WHERE id = ?", rs -> rs.getString(1),
                    stored.get(3).id())).hasValue("too big");
            assertThat(Sql.list(c, "SELECT log_id FROM log_content ORDER BY log_id", rs -> rs.getLong(1)))
                    .containsExactlyInAnyOrder(before, stored.get(0).id(), stored.get(3).id(), stored.get(4).id());
        }
    }

    private static LogStore.ToStore log(String text, String host, LogStore.Outcome outcome) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        LogStore.ToStore pending = new LogStore.ToStore(Ingestor.sha256(bytes), new Submission("log", host,
                Instant.parse("2024-04-30T09:00:00Z"), List.of("a"), bytes), RECEIVED, "notice of " + text);
        return outcome == null ? pending : pending.as(outcome, pending.notice());
    }
}
