package org.koops.server;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The log list, of all logs or of one state, reads a page from the log next to it (a keyset page) or by
 * its number, skipping the logs before it in an index alone: at a million logs, skipping whole rows took
 * PostgreSQL half a second for the last page, and counting them a tenth of a second for any.
 */
class LogListTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void keysetPagesAndPagesByNumberAreTheLogsInTheirOrder(String vendor) throws Exception {
        try (Database db = Database.open(TestDatabases.of(vendor, dir), null, null, 2); Connection c = db.connection()) {
            insertLogs(c, 300);
            for (String state : new String[] {null, "failed"}) {
                List<Long> expected = Sql.list(c, "SELECT id FROM submitted_log" + (state == null ? ""
                        : " WHERE state = '" + state + "'") + " ORDER BY id DESC", rs -> rs.getLong(1));
                int perPage = 7;
                int pages = (expected.size() + perPage - 1) / perPage;
                List<Long> byNumber = new ArrayList<>();
                for (int p = 1; p <= pages; p++) {
                    byNumber.addAll(ids(Queries.logs(c, state, p, perPage)));
                }
                assertThat(byNumber).as(state).isEqualTo(expected);
                List<Long> forwards = new ArrayList<>(ids(Queries.logs(c, state, 1, perPage)));
                for (int p = 2; p <= pages; p++) {
                    forwards.addAll(ids(Queries.logs(c, state, p, perPage, forwards.get(forwards.size() - 1), null)));
                }
                assertThat(forwards).as(state).isEqualTo(expected);
                List<Long> backwards = new ArrayList<>(ids(Queries.logs(c, state, pages, perPage)));
                for (int p = pages - 1; p >= 1; p--) {
                    backwards.addAll(0, ids(Queries.logs(c, state, p, perPage, null, backwards.get(0))));
                }
                assertThat(backwards).as(state).isEqualTo(expected);
                Views.PageOf<Views.Log> past = Queries.logs(c, state, pages + 3, perPage, expected.get(expected.size() - 1),
                        null);
                assertThat(past.page()).as("nothing after the last log: the last page").isEqualTo(pages);
                assertThat(past.total()).isEqualTo(expected.size());
            }
        }
    }

    /** H2 reads every statement of the list in the order of an index, stopping after the rows it needs. */
    @Test
    void theListIsReadInTheOrderOfAnIndex() throws Exception {
        try (Database db = Database.open(TestDatabases.h2(dir), null, null, 2); Connection c = db.connection()) {
            insertLogs(c, 2_000);
            for (String state : new String[] {null, "failed"}) {
                Queries.LogOrder order = new Queries.LogOrder(state);
                for (boolean latestFirst : new boolean[] {true, false}) {
                    Map<String, Object[]> statements = Map.of(order.keyAt(latestFirst), order.params(50L),
                            order.page("<", latestFirst), order.params(50L, 50));
                    for (Map.Entry<String, Object[]> sql : statements.entrySet()) {
                        String plan = Sql.one(c, "EXPLAIN " + sql.getKey(), rs -> rs.getString(1), sql.getValue())
                                .orElseThrow();
                        assertThat(plan).as(sql.getKey()).contains("/* index sorted */");
                    }
                }
            }
        }
    }

    private static List<Long> ids(Views.PageOf<Views.Log> page) {
        return page.items().stream().map(Views.Log::id).toList();
    }

    /** {@code n} logs, every third failed, counted as the server counts them. */
    private static void insertLogs(Connection c, int n) throws Exception {
        c.setAutoCommit(false);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new Object[] {Ingestor.sha256(("log " + i).getBytes()), "log " + i, Instant.EPOCH.plusSeconds(i),
                    i % 3 == 0 ? "failed" : "analysed"});
        }
        Sql.batch(c, "INSERT INTO submitted_log (sha256, name, tags, received_at, size, state)"
                + " VALUES (?, ?, '', ?, 1, ?)", rows);
        Sql.update(c, StatusCounts.Counted.LOGS.recount());
        c.commit();
    }
}
