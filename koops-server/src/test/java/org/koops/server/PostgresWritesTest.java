package org.koops.server;

import java.sql.Connection;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL keeps a log's compressed bytes in its row, not in the TOAST table, and indexes by sort key only the
 * facet rows that have one (V15); the bytes come back as sent, and the release filters still find their bugs
 * ({@code ApiContract}).
 */
class PostgresWritesTest {
    @Test
    void aLogsBytesStayInItsRowAndOnlyReleasesAreIndexedBySortKey() throws Exception {
        try (TestServer t = TestServer.start(TestDatabases.postgres());
             Connection c = t.server.database().connection()) {
            byte[] log = TestLogs.sample();
            assertThat(log.length).isGreaterThan(4096); // over PostgreSQL's 2 KB even once compressed
            assertThat(t.http.submit(t.submitter, "host=web-1", log).status()).isEqualTo(201);

            assertThat(Sql.one(c, "SELECT raw FROM log_content", rs -> rs.getBytes(1))).hasValue(log);
            assertThat(Sql.one(c, "SELECT pg_relation_size(reltoastrelid) FROM pg_class WHERE relname = 'log_content'",
                    rs -> rs.getLong(1))).hasValue(0L);
            assertThat(Sql.one(c, "SELECT indexdef FROM pg_indexes WHERE indexname = 'bug_facet_sort'",
                    rs -> rs.getString(1))).hasValueSatisfying(def -> assertThat(def).endsWith("WHERE (sort_key IS NOT NULL)"));
        }
    }
}
