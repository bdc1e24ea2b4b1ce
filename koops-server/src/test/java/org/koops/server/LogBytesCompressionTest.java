package org.koops.server;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** PostgreSQL stores a log's bytes compressed with lz4 where it offers lz4 (V10), and gives them back as sent. */
class LogBytesCompressionTest {
    @Test
    void aLogsBytesAreCompressedWithLz4WhereThePostgreSqlServerHasIt() throws Exception {
        try (Database db = Database.open(TestDatabases.postgres(), null, null, 2); Connection c = db.connection()) {
            boolean offered = Sql.one(c, "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression'"
                    + " AND 'lz4' = ANY (enumvals)", rs -> true).isPresent();
            Assumptions.assumeTrue(offered, "this PostgreSQL server was built without lz4");
            byte[] log = TestLogs.sample();
            long id = LogStore.storeAll(c, List.of(new LogStore.ToStore(Ingestor.sha256(log),
                    new Submission("log", "h", null, List.of(), log), Instant.now(), null)),
                    new StatusCounts(StatusCounts.Counted.LOGS)).get(0).id();

            assertThat(Sql.one(c, "SELECT pg_column_compression(raw) FROM log_content WHERE log_id = ?",
                    rs -> rs.getString(1), id)).contains("lz4");
            assertThat(LogStore.raw(c, id)).hasValueSatisfying(raw -> assertThat(raw).isEqualTo(log));
        }
    }
}
